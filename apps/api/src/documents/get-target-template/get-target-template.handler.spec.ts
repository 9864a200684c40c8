import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { auditor } from '../../testing/reference-write-side.js';
import {
  INSTRUCTIONS_SHEET,
  TARGET_COLUMN_ORDER,
  TARGET_COLUMNS,
  TARGETS_SHEET,
} from '../rendering/target-sheet.js';
import { type Issuing, issuing } from '../testing/issuing.js';
import { GetTargetTemplateHandler } from './get-target-template.handler.js';
import { GetTargetTemplateQuery } from './get-target-template.query.js';

describe('GetTargetTemplateHandler', () => {
  let given: Issuing;
  let handler: GetTargetTemplateHandler;

  beforeAll(async () => {
    given = await issuing();
    await given.side.given('opened');
    handler = new GetTargetTemplateHandler(given.documents);
  });

  afterAll(() => given.close());

  const template = (reader = boardOfficer) =>
    handler.execute(new GetTargetTemplateQuery(given.side.cycle.blocId, given.side.cycle.year, reader));

  it('gives the board, the leader and the deputy a template with the columns, the members and the criteria', async () => {
    const { leader, deputy } = given.side.reference.cycle;
    for (const reader of [boardOfficer, officerOf(leader), officerOf(deputy)]) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await template(reader)) as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet(TARGETS_SHEET)!.getRow(1).values).toEqual([
        undefined,
        ...TARGET_COLUMN_ORDER.map((column) => TARGET_COLUMNS[column]),
      ]);
      const help: string[] = [];
      workbook.getWorksheet(INSTRUCTIONS_SHEET)!.eachRow((row) => help.push(String(row.getCell(1).value)));
      for (const member of given.side.reference.bloc.members) expect(help).toContain(member.unitId);
      expect(help).toContain('1.1');
    }
  });

  it('refuses other members and auditors (403)', async () => {
    await expect(template(officerOf('du-lich'))).rejects.toMatchObject({ statusCode: 403 });
    await expect(template(auditor)).rejects.toMatchObject({ statusCode: 403 });
  });
});
