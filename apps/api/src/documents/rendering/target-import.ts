/**
 * Reads a targets spreadsheet into the SetIndicatorTarget commands' data, all rows or none:
 * every bad row and column is listed (API.md: `details: [{row, column, message}]`, header row 1,
 * column by its header text), against the cycle's members and criteria.
 */
import type ExcelJS from 'exceljs';
import type { Framework, Member, SetIndicatorTarget } from '@app/domain';
import { CODE, textDefect } from '../../http/validators.js';
import {
  DIRECTIONS,
  TARGET_COLUMN_ORDER,
  TARGET_COLUMNS,
  type TargetColumn,
  TARGETS_SHEET,
} from './target-sheet.js';

export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export type TargetData = SetIndicatorTarget['data'];

export type TargetImport =
  | { readonly ok: true; readonly targets: readonly TargetData[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** Not a readable XLSX workbook, or one without the targets sheet's header. */
export class NotATargetsWorkbookError extends Error {}

/** The rows of the workbook's targets sheet, each cell as text (empty when blank). */
export async function readTargetRows(
  bytes: Buffer,
): Promise<{ row: number; cells: Record<TargetColumn, string> }[]> {
  // exceljs is loaded by the first import, not at start (render-document.ts says why).
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new NotATargetsWorkbookError('the file is not an XLSX workbook');
  }
  const sheet = workbook.getWorksheet(TARGETS_SHEET) ?? workbook.worksheets[0];
  if (sheet === undefined) throw new NotATargetsWorkbookError(`the workbook has no sheet "${TARGETS_SHEET}"`);
  const headerTexts = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => headerTexts.set(cell.text.trim().normalize('NFC'), column));
  const columns = {} as Record<TargetColumn, number>;
  const missing: string[] = [];
  for (const key of TARGET_COLUMN_ORDER) {
    const index = headerTexts.get(TARGET_COLUMNS[key]);
    if (index === undefined && key !== 'unitName') missing.push(TARGET_COLUMNS[key]);
    columns[key] = index ?? -1;
  }
  if (missing.length > 0) {
    throw new NotATargetsWorkbookError(`the sheet's header row lacks the columns ${missing.join(', ')}`);
  }
  const rows: { row: number; cells: Record<TargetColumn, string> }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = {} as Record<TargetColumn, string>;
    for (const key of TARGET_COLUMN_ORDER) {
      cells[key] = columns[key] === -1 ? '' : row.getCell(columns[key]).text.trim().normalize('NFC');
    }
    if (TARGET_COLUMN_ORDER.some((key) => cells[key] !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** The targets of every row, or every problem; `cycle` gives the members and criteria known. */
export function checkTargetRows(
  rows: readonly { row: number; cells: Record<TargetColumn, string> }[],
  cycle: { readonly members: readonly Member[]; readonly framework: Framework },
): TargetImport {
  const problems: ImportProblem[] = [];
  const members = new Set(cycle.members.map((member) => member.unitId));
  const criteria = new Set(
    cycle.framework.contents.flatMap((content) => content.criteria.map((c) => c.code)),
  );
  const seen = new Map<string, number>();
  const targets: TargetData[] = [];
  if (rows.length === 0)
    problems.push({ row: 2, column: TARGET_COLUMNS.unitId, message: 'the sheet holds no targets' });
  for (const { row, cells } of rows) {
    const problem = (column: TargetColumn, message: string): void => {
      problems.push({ row, column: TARGET_COLUMNS[column], message });
    };
    const required = (column: Exclude<TargetColumn, 'unitName'>): boolean => {
      if (cells[column] === '') problem(column, 'missing: the cell is empty');
      return cells[column] !== '';
    };
    const clean = (column: 'title' | 'measure', maxLength: number, kind: 'multiline' | 'line'): void => {
      if (!required(column)) return;
      const defect = textDefect(cells[column], kind);
      if (defect !== undefined) problem(column, defect);
      else if (cells[column].length > maxLength) problem(column, `longer than ${maxLength} characters`);
    };
    if (required('unitId') && !members.has(cells.unitId)) {
      problem('unitId', `unknown unit ${cells.unitId}: not a member of the cycle`);
    }
    if (required('code')) {
      const key = `${cells.unitId}\u0000${cells.code}`;
      if (!CODE.test(cells.code))
        problem('code', `${cells.code} is not a code (letters, digits, . _ -; at most 32)`);
      else if (seen.has(key))
        problem('code', `duplicate code ${cells.code} for ${cells.unitId} (also on row ${seen.get(key)})`);
      else seen.set(key, row);
    }
    clean('title', 300, 'multiline');
    clean('measure', 50, 'line');
    if (required('criterion') && !criteria.has(cells.criterion)) {
      problem('criterion', `unknown criterion ${cells.criterion}: not in the cycle's framework`);
    }
    const direction = DIRECTIONS[cells.direction.toLowerCase()];
    if (required('direction') && direction === undefined) {
      problem('direction', `${cells.direction} is not a direction: tăng/increase or giảm/decrease`);
    }
    const target = plan(cells.target);
    if (required('target') && target === undefined) {
      problem('target', `${cells.target} is not a positive number with at most 6 decimals`);
    }
    if (direction !== undefined && target !== undefined) {
      targets.push({
        unitId: cells.unitId,
        code: cells.code,
        title: cells.title,
        criterion: cells.criterion,
        measure: cells.measure,
        direction,
        target,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}

/** A plan value as a person writes it ("6.5", "6,5", a numeric cell); undefined unless positive. */
function plan(text: string): number | undefined {
  const written = /^\d{1,12}([.,]\d{1,6})?$/.test(text) ? text.replace(',', '.') : undefined;
  const value = written === undefined ? NaN : Number(written);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
