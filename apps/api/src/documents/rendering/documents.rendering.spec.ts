import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { SqliteEventStore } from '@app/event-store';
import { type BlocYearRecord, readBlocYearRecord } from '../bloc-year-record.js';
import { referenceCase, referenceStore, REVISION_REASON, revisedAward } from '../testing/reference-store.js';
import { renderDocument } from './render-document.js';
import { DETAIL_SHEET, HEADER_ROW, SUMMARY_SHEET } from './score-sheet.xlsx.js';
import { placeAndDate, vietnameseDate, vietnamesePoints } from './vietnamese-format.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const BLOC = referenceCase.bloc.id;
const YEAR = referenceCase.cycle.year;

describe('Vietnamese formats', () => {
  it('writes points with a decimal comma and dates day first', () => {
    expect([961.5, 961, 831.3, 1961.25].map(vietnamesePoints)).toEqual(['961,5', '961', '831,3', '1.961,25']);
    expect(vietnameseDate('2018-01-12')).toBe('12/01/2018');
    expect(placeAndDate('Kiên Giang', '2018-01-12')).toBe('Kiên Giang, ngày 12 tháng 01 năm 2018');
  });
});

describe("the reference case's documents, rendered from the log", () => {
  const opened: { store: SqliteEventStore; dir: string }[] = [];
  let closed: BlocYearRecord;
  let scored: BlocYearRecord;

  beforeAll(async () => {
    for (const stage of ['closed', 'scored'] as const) opened.push(await referenceStore(stage));
    closed = await readBlocYearRecord(opened[0]!.store, BLOC, YEAR);
    scored = await readBlocYearRecord(opened[1]!.store, BLOC, YEAR);
  });

  afterAll(async () => {
    for (const { store, dir } of opened) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same bytes each time it is rendered (dates come from the log, not the clock)', async () => {
    for (const kind of ['score-sheet', 'minutes-pdf', 'minutes-docx'] as const) {
      const first = await renderDocument(closed, kind);
      expect(sha256(await renderDocument(closed, kind))).toBe(sha256(first));
    }
  });

  it('anchors the last event of the bloc-year and the chain hash there', async () => {
    const head = await opened[0]!.store.headPosition();
    expect(closed.head.position).toBe(head);
    expect(closed.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses the minutes before scoring is finalized', async () => {
    await expect(renderDocument(scored, 'minutes-pdf')).rejects.toMatchObject({ code: 'WRONG_PHASE' });
    await expect(renderDocument(scored, 'minutes-docx')).rejects.toMatchObject({ code: 'WRONG_PHASE' });
  });

  it('lists every unit and criterion in Chi tiết with the reason of its last revision', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderDocument(closed, 'score-sheet')) as unknown as ExcelJS.Buffer);
    const detail = workbook.getWorksheet(DETAIL_SHEET)!;
    const name = referenceCase.bloc.members.find((m) => m.unitId === revisedAward.unitId)!.name;
    const rows = detail.getRows(HEADER_ROW + 1, detail.rowCount - HEADER_ROW)!;
    const revised = rows.find(
      (row) => row.getCell(1).value === name && row.getCell(3).value === revisedAward.criterion,
    )!;
    expect(revised.getCell(7).value).toBe(revisedAward.points);
    expect(revised.getCell(8).value).toBe(REVISION_REASON);
    expect(rows.filter((row) => row.getCell(8).value !== '')).toHaveLength(1);
    expect(
      workbook
        .getWorksheet(SUMMARY_SHEET)!
        .getRow(HEADER_ROW + 1)
        .getCell(6).value,
    ).toBe(961.5);
  });

  it('says TẠM TÍNH on both sheets before finalizing, and not after', async () => {
    for (const [record, provisional] of [
      [scored, true],
      [closed, false],
    ] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await renderDocument(record, 'score-sheet')) as unknown as ExcelJS.Buffer);
      for (const sheet of [SUMMARY_SHEET, DETAIL_SHEET]) {
        expect(String(workbook.getWorksheet(sheet)!.getCell('A1').value).includes('TẠM TÍNH')).toBe(
          provisional,
        );
      }
    }
  });
});
