/**
 * When a failed delivery is tried again: the delay doubles from `baseMs` after each failed
 * attempt, up to `maxMs`. With the defaults (1 s, 5 min) and 10 attempts a receiver may be
 * down for about eight and a half minutes and still receive everything.
 */
export interface RetrySchedule {
  /** Delay after the first failed attempt; the first retry comes this soon (API.md: within 5 s). */
  readonly baseMs: number;
  /** The longest delay between two attempts. */
  readonly maxMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseMs: 1_000, maxMs: 300_000 };

/** The delay before the next attempt, after `failedAttempts` (1 or more) failed ones. */
export function retryDelayMs(failedAttempts: number, schedule: RetrySchedule): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(schedule.baseMs * 2 ** exponent, schedule.maxMs);
}
