/** Numbers and dates as Vietnamese writes them: 961,5 and 04/12/2026. */

const numbers = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const dates = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Asia/Ho_Chi_Minh',
});
const times = new Intl.DateTimeFormat('vi-VN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: 'Asia/Ho_Chi_Minh',
});

export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** dd/mm/yyyy, in Vietnam's time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dates.format(date);
}

/** dd/mm/yyyy hh:mm:ss, in Vietnam's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dates.format(date)} ${times.format(date)}`;
}

/** Reads a number typed the Vietnamese way (961,5) or the English way (961.5). */
export function parseNumber(text: string): number {
  const trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return Number.NaN;
  return Number(trimmed.includes(',') ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed);
}
