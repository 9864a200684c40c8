/**
 * The score sheet (bảng tổng hợp kết quả chấm điểm), XLSX: `Tổng hợp` (one row per unit in rank
 * order) and `Chi tiết` (one row per unit and criterion, with the reason of its last revision).
 * Numbers are numeric cells with two decimals and no formulas, so a reader can check the sums.
 */
import ExcelJS from 'exceljs';
import type { BlocYearRecord } from '../bloc-year-record.js';
import { renderedAt } from './rendering-time.js';
import { reproducibleZip } from './reproducible-zip.js';
import { vietnameseDate } from './vietnamese-format.js';

export const SUMMARY_SHEET = 'Tổng hợp';
export const DETAIL_SHEET = 'Chi tiết';
/** The row of each sheet that holds the column headers (under the title and the status line). */
export const HEADER_ROW = 3;
export const PROVISIONAL = 'TẠM TÍNH';
const POINTS_FORMAT = '#,##0.00';
const KIND_LABEL = { standard: 'Tiêu chuẩn', bonus: 'Điểm thưởng', penalty: 'Điểm trừ' } as const;

export async function renderScoreSheet(record: BlocYearRecord): Promise<Buffer> {
  const at = renderedAt(record.head.recordedAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = record.bloc.name;
  workbook.lastModifiedBy = record.bloc.name;
  workbook.created = at;
  workbook.modified = at;
  workbook.title = `Bảng tổng hợp kết quả chấm điểm thi đua năm ${record.year}`;
  addSummary(workbook, record);
  addDetail(workbook, record);
  return reproducibleZip(Buffer.from(await workbook.xlsx.writeBuffer()), at);
}

function addSummary(workbook: ExcelJS.Workbook, record: BlocYearRecord): void {
  const contents = record.framework.contents;
  const headers = ['Hạng', 'Đơn vị', ...contents.map((content) => `Nội dung ${content.code}`), 'Tổng điểm'];
  const sheet = startSheet(
    workbook,
    SUMMARY_SHEET,
    record,
    'BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA',
    headers,
  );
  for (const row of record.rows) {
    sheet.addRow([
      row.rank,
      row.name,
      ...contents.map((content) => row.byContent[content.code] ?? 0),
      row.total,
    ]);
  }
  for (let column = 3; column <= headers.length; column++) sheet.getColumn(column).numFmt = POINTS_FORMAT;
  sheet.getColumn(1).alignment = { horizontal: 'center' };
  fitColumns(sheet, headers.length);
}

function addDetail(workbook: ExcelJS.Workbook, record: BlocYearRecord): void {
  const headers = [
    'Đơn vị',
    'Nội dung',
    'Tiêu chí',
    'Tên tiêu chí',
    'Loại',
    'Điểm tối đa',
    'Điểm',
    'Lý do điều chỉnh gần nhất',
  ];
  const sheet = startSheet(workbook, DETAIL_SHEET, record, 'CHI TIẾT ĐIỂM THEO TIÊU CHÍ', headers);
  const awards = new Map(record.awards.map((award) => [`${award.unitId}\u0000${award.criterion}`, award]));
  for (const row of record.rows) {
    for (const content of record.framework.contents) {
      for (const criterion of content.criteria) {
        const award = awards.get(`${row.unitId}\u0000${criterion.code}`);
        sheet.addRow([
          row.name,
          content.code,
          criterion.code,
          criterion.title,
          KIND_LABEL[criterion.kind],
          criterion.maxPoints,
          // A criterion not (yet) awarded stays empty rather than showing a zero nobody gave.
          award?.points ?? null,
          award?.reason ?? '',
        ]);
      }
    }
  }
  sheet.getColumn(6).numFmt = POINTS_FORMAT;
  sheet.getColumn(7).numFmt = POINTS_FORMAT;
  fitColumns(sheet, headers.length);
}

/** A sheet with its title, its status line (TẠM TÍNH before finalizing), and a frozen header row. */
function startSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  record: BlocYearRecord,
  title: string,
  headers: readonly string[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    // Printed on A4 landscape, every column on one page width.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const status = record.provisional
    ? `${PROVISIONAL} — điểm chưa chốt, có thể còn thay đổi`
    : `Kết quả chính thức (chốt điểm) — ${record.bloc.name}`;
  sheet.addRow([`${title} NĂM ${record.year}${record.provisional ? ` (${PROVISIONAL})` : ''}`]).font = {
    bold: true,
    size: 13,
  };
  sheet.addRow([
    `${status}; lập từ nhật ký tại vị trí ${record.head.position}, ngày ${vietnameseDate(record.head.recordedAt)}`,
  ]).font = {
    italic: true,
    bold: record.provisional,
    color: record.provisional ? { argb: 'FFC00000' } : undefined,
  };
  // The title and status span the table's width (merged, wrapped) so they print with it.
  for (const row of [1, 2]) {
    sheet.mergeCells(row, 1, row, headers.length);
    sheet.getRow(row).alignment = { wrapText: true, vertical: 'middle' };
    sheet.getRow(row).height = 36;
  }
  const header = sheet.addRow([...headers]);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  return sheet;
}

/** Widths from the longest text below the title rows, so Vietnamese names fit. */
function fitColumns(sheet: ExcelJS.Worksheet, count: number): void {
  for (let index = 1; index <= count; index++) {
    const column = sheet.getColumn(index);
    let longest = 6;
    column.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber < HEADER_ROW) return;
      const text = typeof cell.value === 'number' ? cell.value.toFixed(2) : String(cell.value ?? '');
      longest = Math.max(longest, text.length);
    });
    column.width = Math.min(60, longest + 3);
  }
}
