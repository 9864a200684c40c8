/**
 * Reporting periods of a cycle year: the year itself (`2017`), a half (`2017-H1`, `2017-H2`)
 * or a quarter (`2017-Q1` .. `2017-Q4`).
 */
const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]))?$/;

/** Last month covered by each part of a year; the whole year ranks above every part. */
const END_MONTH: Readonly<Record<string, number>> = { H1: 6, H2: 12, Q1: 3, Q2: 6, Q3: 9, Q4: 12 };
const WHOLE_YEAR = 13;

export interface ReportingPeriod {
  readonly year: number;
  /** `null` for the whole year. */
  readonly part: 'H1' | 'H2' | 'Q1' | 'Q2' | 'Q3' | 'Q4' | null;
}

/** The period named by `period`, or null when the text names none. */
export function parsePeriod(period: string): ReportingPeriod | null {
  const match = PERIOD.exec(period);
  if (match === null) return null;
  return { year: Number(match[1]), part: (match[2] ?? null) as ReportingPeriod['part'] };
}

/**
 * How final a period's report is for the year's actual: the whole year first, then the part
 * that ends latest. H2 and Q4 (or H1 and Q2) end together and rank equal.
 */
export function periodFinality(period: ReportingPeriod): number {
  return period.part === null ? WHOLE_YEAR : END_MONTH[period.part];
}
