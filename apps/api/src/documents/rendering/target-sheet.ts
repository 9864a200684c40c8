/**
 * The targets spreadsheet: its sheet and columns, shared by the template the board downloads
 * and the import that reads it back. Row numbers are those the spreadsheet shows (header = 1).
 */
export const TARGETS_SHEET = 'Chỉ tiêu';
export const INSTRUCTIONS_SHEET = 'Hướng dẫn';

export const TARGET_COLUMNS = {
  unitId: 'Mã đơn vị',
  unitName: 'Tên đơn vị',
  code: 'Mã chỉ tiêu',
  title: 'Tên chỉ tiêu',
  criterion: 'Tiêu chí',
  measure: 'Đơn vị tính',
  direction: 'Chiều',
  target: 'Kế hoạch',
} as const;

export type TargetColumn = keyof typeof TARGET_COLUMNS;
export const TARGET_COLUMN_ORDER = Object.keys(TARGET_COLUMNS) as TargetColumn[];

/** What a person may write in the direction column, and what it means. */
export const DIRECTIONS: Readonly<Record<string, 'increase' | 'decrease'>> = {
  increase: 'increase',
  decrease: 'decrease',
  tăng: 'increase',
  giảm: 'decrease',
};
