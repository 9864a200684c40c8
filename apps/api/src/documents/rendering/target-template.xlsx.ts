/**
 * The targets import template (XLSX): an empty `Chỉ tiêu` sheet with its header row, and a
 * `Hướng dẫn` sheet with the instructions, an example row, the members and the criteria.
 */
import ExcelJS from 'exceljs';
import type { BlocYearRecord } from '../bloc-year-record.js';
import { renderedAt } from './rendering-time.js';
import { reproducibleZip } from './reproducible-zip.js';
import { INSTRUCTIONS_SHEET, TARGET_COLUMN_ORDER, TARGET_COLUMNS, TARGETS_SHEET } from './target-sheet.js';

export async function renderTargetTemplate(record: BlocYearRecord): Promise<Buffer> {
  const at = renderedAt(record.head.recordedAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = record.bloc.name;
  workbook.created = at;
  workbook.modified = at;
  const targets = workbook.addWorksheet(TARGETS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  targets.addRow(TARGET_COLUMN_ORDER.map((column) => TARGET_COLUMNS[column])).font = { bold: true };
  targets.columns.forEach((column, index) => {
    column.width = [14, 36, 14, 48, 10, 16, 10, 12][index] ?? 14;
  });

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.getColumn(1).width = 18;
  help.getColumn(2).width = 60;
  help.getColumn(3).width = 14;
  help.getColumn(4).width = 14;
  const title = help.addRow([`Mẫu nhập chỉ tiêu năm ${record.year} — ${record.bloc.name}`]);
  title.font = { bold: true, size: 13 };
  for (const line of [
    `Điền mỗi chỉ tiêu trên một dòng của trang "${TARGETS_SHEET}", giữ nguyên dòng tiêu đề.`,
    `"${TARGET_COLUMNS.unitId}" và "${TARGET_COLUMNS.criterion}": chọn trong các bảng dưới đây.`,
    `"${TARGET_COLUMNS.direction}": tăng (càng cao càng tốt) hoặc giảm (càng thấp càng tốt).`,
    `"${TARGET_COLUMNS.target}": một số dương. Mỗi mã chỉ tiêu chỉ xuất hiện một lần cho mỗi đơn vị.`,
    'Tệp được nhập toàn bộ hoặc không nhập dòng nào: mọi lỗi được liệt kê theo dòng và cột.',
  ]) {
    help.addRow([line]);
  }
  help.addRow([]);
  help.addRow(['Ví dụ']).font = { bold: true };
  help.addRow(TARGET_COLUMN_ORDER.map((column) => TARGET_COLUMNS[column])).font = { italic: true };
  const firstMember = record.members[0];
  const firstCriterion = record.framework.contents[0]?.criteria[0];
  help.addRow([
    firstMember?.unitId ?? '',
    firstMember?.name ?? '',
    'CT1',
    'Tỷ lệ hồ sơ giải quyết đúng hạn',
    firstCriterion?.code ?? '',
    '%',
    'tăng',
    95,
  ]);
  help.addRow([]);
  help.addRow(['Đơn vị thành viên']).font = { bold: true };
  help.addRow([TARGET_COLUMNS.unitId, TARGET_COLUMNS.unitName]).font = { italic: true };
  for (const member of record.members) help.addRow([member.unitId, member.name]);
  help.addRow([]);
  help.addRow(['Tiêu chí']).font = { bold: true };
  help.addRow(['Mã tiêu chí', 'Tên tiêu chí', 'Nội dung', 'Điểm tối đa']).font = { italic: true };
  for (const content of record.framework.contents) {
    for (const criterion of content.criteria)
      help.addRow([criterion.code, criterion.title, content.code, criterion.maxPoints]);
  }
  return reproducibleZip(Buffer.from(await workbook.xlsx.writeBuffer()), at);
}
