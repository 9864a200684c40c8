import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { ApiError } from '../../http/api.error.js';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { TARGET_COLUMN_ORDER, TARGET_COLUMNS, TARGETS_SHEET } from '../rendering/target-sheet.js';
import { ImportTargetsCommand } from './import-targets.command.js';
import { ImportTargetsHandler } from './import-targets.handler.js';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(TARGETS_SHEET);
  sheet.addRow(TARGET_COLUMN_ORDER.map((column) => TARGET_COLUMNS[column]));
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('ImportTargetsHandler', () => {
  let side: ReferenceWriteSide;
  let handler: ImportTargetsHandler;

  beforeEach(async () => {
    side = await referenceWriteSide();
    handler = new ImportTargetsHandler(side.streams);
    await side.given('opened');
  });

  afterEach(() => side.close());

  const importing = async (rows: unknown[][], actor = boardOfficer) =>
    handler.execute(new ImportTargetsCommand(side.cycle, await workbook(rows), by(actor)));

  it('writes every row as IndicatorTargetSet in one append', async () => {
    const rows = [
      ['giao-duc', 'Sở Giáo dục và Đào tạo', 'GD1', 'Tỷ lệ học sinh', '1.1', '%', 'tăng', 98],
      ['du-lich', '', 'DL1', 'Lượt khách', '1.1', 'lượt', 'increase', '1200000'],
      ['dan-toc', '', 'DT1', 'Tỷ lệ hộ nghèo', '1.1', '%', 'giảm', '2,5'],
    ];
    const before = await side.store.headPosition();
    let position = 0;
    const written = await side.written(async () => {
      ({ position } = await importing(rows, officerOf(side.reference.cycle.leader)));
    });
    expect(position).toBe(before + 3);
    expect(
      written.map(({ type, data }) => [type, (data as { unitId: string; target: number }).target]),
    ).toEqual([
      ['IndicatorTargetSet', 98],
      ['IndicatorTargetSet', 1_200_000],
      ['IndicatorTargetSet', 2.5],
    ]);
    expect((written[2]!.data as { direction: string }).direction).toBe('decrease');
  });

  it('lists every bad row and column, and writes nothing', async () => {
    const head = await side.store.headPosition();
    const error = await importing([
      ['giao-duc', '', 'GD1', 'Tỷ lệ', '1.1', '%', 'tăng', 98],
      ['nowhere', '', 'GD1', '', '7.7', '%', 'sideways', 'abc'],
      ['giao-duc', '', 'GD1', 'Trùng', '1.1', '%', 'tăng', 0],
    ]).catch((refusal: unknown) => refusal);
    expect(error).toBeInstanceOf(ApiError);
    const { statusCode, code, details } = error as ApiError;
    expect({ statusCode, code }).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(
      (details as { row: number; column: string }[]).map(({ row, column }) => `${row} ${column}`),
    ).toEqual([
      '3 Mã đơn vị',
      '3 Tên chỉ tiêu',
      '3 Tiêu chí',
      '3 Chiều',
      '3 Kế hoạch',
      '4 Mã chỉ tiêu',
      '4 Kế hoạch',
    ]);
    expect(await side.store.headPosition()).toBe(head);
  });

  it("the leader's officer may not import its own unit's targets: FORBIDDEN, nothing written", async () => {
    const leader = side.reference.cycle.leader;
    const refusal = await side.refused(() =>
      importing(
        [
          ['giao-duc', '', 'GD1', 'Tỷ lệ', '1.1', '%', 'tăng', 98],
          [leader, '', 'YT1', 'Bác sĩ', '1.1', 'người', 'tăng', 6.5],
        ],
        officerOf(leader),
      ),
    );
    expect(refusal).toEqual({ code: 'FORBIDDEN', written: [] });
  });

  it('a file that is not a workbook is a 400', async () => {
    const error = await handler
      .execute(new ImportTargetsCommand(side.cycle, Buffer.from('plain text'), by(boardOfficer)))
      .catch((refusal: unknown) => refusal);
    expect(error).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });
});
