/** Numbers and dates as Vietnamese administrative documents write them: 961,5 and 12/01/2018. */

const POINTS = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2, useGrouping: true });

/** 961.5 → "961,5"; 1961 → "1.961"; at most two decimals, none when whole. */
export function vietnamesePoints(points: number): string {
  return POINTS.format(points);
}

/** The calendar parts of an ISO date or date-time, read as written (no time zone shift). */
function dateParts(isoDate: string): { day: string; month: string; year: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (match === null) throw new Error(`not an ISO-8601 date: ${isoDate}`);
  return { year: match[1]!, month: match[2]!, day: match[3]! };
}

/** "2018-01-12" → "12/01/2018". */
export function vietnameseDate(isoDate: string): string {
  const { day, month, year } = dateParts(isoDate);
  return `${day}/${month}/${year}`;
}

/** Decree 30/2020's place and date line: "Kiên Giang, ngày 12 tháng 01 năm 2018". */
export function placeAndDate(place: string, isoDate: string): string {
  const { day, month, year } = dateParts(isoDate);
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}
