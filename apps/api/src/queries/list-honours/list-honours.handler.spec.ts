import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import type { HonourDocument } from '@app/projections';
import type { ReadYourWrites } from '../read-your-writes.js';
import { readers } from '../../testing/held-read-models.js';
import { ListHonoursHandler } from './list-honours.handler.js';
import { ListHonoursQuery } from './list-honours.query.js';
import type { ListHonoursDto } from './list-honours.dto.js';

const honour = (blocId: string, province: string, unitId: string, year: number, annulled: boolean) =>
  ({
    nominationId: `${blocId}:${year}:emulation-flag:${unitId}`,
    unitId,
    unitName: `Unit ${unitId}`,
    blocId,
    province,
    year,
    award: 'emulation-flag',
    decisionNo: `${year}/QĐ-UBND`,
    decidedOn: `${year + 1}-03-15`,
    signedBy: 'Chủ tịch UBND tỉnh',
    annulled,
  }) satisfies HonourDocument;

const kg2018 = honour('kg-khoi-4', 'Kiên Giang', 'van-hoa', 2018, false);
const kg2017 = honour('kg-khoi-4', 'Kiên Giang', 'lao-dong', 2017, true);
const ag2017 = honour('ag-khoi-1', 'An Giang', 'so-ag', 2017, false);

const held = {
  readModelsCaughtUp: async () => ({ honourDocuments: async () => [ag2017, kg2017, kg2018] }),
} as unknown as ReadYourWrites;

describe('ListHonoursHandler', () => {
  const list = (reader: Actor, filter: ListHonoursDto = {}) =>
    new ListHonoursHandler(held).execute(new ListHonoursQuery(filter, reader));
  const units = async (reader: Actor, filter: ListHonoursDto = {}) =>
    (await list(reader, filter)).map((h) => h.unitId);

  it('gives any principal the register by year, annulled honours marked, filtered by province, year and unit', async () => {
    expect(await units(readers.member)).toEqual(['so-ag', 'lao-dong', 'van-hoa']);
    expect(await units(readers.auditor, { province: 'Kiên Giang' })).toEqual(['lao-dong', 'van-hoa']);
    expect(await units(readers.board, { year: 2017 })).toEqual(['so-ag', 'lao-dong']);
    expect(await list(readers.board, { unitId: 'lao-dong' })).toEqual([
      {
        nominationId: kg2017.nominationId,
        unitId: 'lao-dong',
        unitName: 'Unit lao-dong',
        blocId: 'kg-khoi-4',
        province: 'Kiên Giang',
        year: 2017,
        award: 'emulation-flag',
        decisionNo: '2017/QĐ-UBND',
        decidedOn: '2018-03-15',
        annulled: true,
      },
    ]);
  });

  it("holds a province-scoped principal to its province's honours, and refuses another province", async () => {
    expect(await units(readers.boardOfAnGiang)).toEqual(['so-ag']);
    await expect(list(readers.boardOfAnGiang, { province: 'Kiên Giang' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
