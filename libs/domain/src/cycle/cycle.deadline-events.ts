/**
 * The deadlines of a bloc-year's cycle, in the cycle's stream (`cycle-{blocId}:{year}`): set or
 * moved by the board, the leader or the deputy, reminded and passed by the deadline process
 * manager (DOMAIN.md "Deadlines").
 */

/** An event: its type and its data, read-only. */
type Event<T extends string, D> = { readonly type: T; readonly data: Readonly<D> };

/** What a deadline is for; `reporting` deadlines are per period, the others one per cycle. */
export type DeadlineKind = 'signing' | 'reporting' | 'self-assessment' | 'review' | 'nomination';
/**
 * A deadline set, or moved (then `previousDue` is the due it replaces and the reason is in
 * metadata). `period` only for `reporting`. `due`: ISO-8601, UTC.
 */
export type DeadlineSet = Event<
  'DeadlineSet',
  { blocId: string; year: number; kind: DeadlineKind; period?: string; due: string; previousDue?: string }
>;
/** Written by the deadline process manager (actor role `system`) 7 and 1 days before `due`. */
export type DeadlineReminder = Event<
  'DeadlineReminder',
  {
    blocId: string;
    year: number;
    kind: DeadlineKind;
    period?: string;
    due: string;
    daysBefore: number;
    pending: readonly string[];
  }
>;
/** Written by the deadline process manager once `due` has passed: who had not done it by then. */
export type DeadlinePassed = Event<
  'DeadlinePassed',
  {
    blocId: string;
    year: number;
    kind: DeadlineKind;
    period?: string;
    due: string;
    missed: readonly string[];
  }
>;
