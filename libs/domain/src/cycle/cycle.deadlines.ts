/**
 * The cycle's deadlines: setting and moving them, the facts the state keeps of each (its due,
 * which reminders and whether its passing were recorded), whether an action is late, and what
 * the deadline process manager records as time goes by. All pure: the time is the command's.
 */
import { requireBlocLeadership } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, DeadlineKind, DeadlinePassed, DeadlineReminder, DeadlineSet } from '../events.js';
import { parsePeriod } from '../periods.js';
import { entryOf } from '../records.js';
import type { SetDeadline, TrackDeadlines } from './cycle.commands.js';
import { type CycleState, requirePhase } from './cycle.state.js';

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  'signing',
  'reporting',
  'self-assessment',
  'review',
  'nomination',
];

/** Reminders go out this many days before a deadline, the earliest first. */
export const REMINDER_DAYS: readonly number[] = [7, 1];
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the state keeps of one deadline, identified by kind and period. */
export interface Deadline {
  readonly kind: DeadlineKind;
  /** The reporting period; null for the other kinds. */
  readonly period: string | null;
  /** ISO-8601, UTC. */
  readonly due: string;
  /** The fewest days before `due` a reminder was recorded for this due (null: none yet). */
  readonly remindedDaysBefore: number | null;
  /** Whether its passing was recorded for this due. */
  readonly passed: boolean;
}

type DeadlineEvent = DeadlineSet | DeadlineReminder | DeadlinePassed;

export function isDeadlineEvent(event: CycleEvent): event is DeadlineEvent {
  return event.type === 'DeadlineSet' || event.type === 'DeadlineReminder' || event.type === 'DeadlinePassed';
}

export function findDeadline(
  deadlines: readonly Deadline[],
  kind: DeadlineKind,
  period: string | null,
): Deadline | undefined {
  return deadlines.find((d) => d.kind === kind && d.period === period);
}

/**
 * The deadlines after an event. A moved deadline starts afresh: its reminders and its passing
 * are recorded again for the new due. A reminder or passing for another due (there is none,
 * they are decided on the state) changes nothing.
 */
export function evolveDeadlines(deadlines: readonly Deadline[], event: DeadlineEvent): readonly Deadline[] {
  const { kind, due } = event.data;
  const period = event.data.period ?? null;
  const current = findDeadline(deadlines, kind, period);
  const others = deadlines.filter((d) => d !== current);
  switch (event.type) {
    case 'DeadlineSet':
      return [...others, { kind, period, due, remindedDaysBefore: null, passed: false }];
    case 'DeadlineReminder':
      if (current?.due !== due) return deadlines;
      return deadlines.map((d) => (d === current ? { ...d, remindedDaysBefore: event.data.daysBefore } : d));
    case 'DeadlinePassed':
      if (current?.due !== due) return deadlines;
      return deadlines.map((d) => (d === current ? { ...d, passed: true } : d));
  }
}

/** `{late: true}` when an action at `at` comes after its deadline, else nothing to add. */
export function lateness(
  deadlines: readonly Deadline[],
  kind: DeadlineKind,
  period: string | null,
  at: string,
): { late?: true } {
  const deadline = findDeadline(deadlines, kind, period);
  return deadline !== undefined && Date.parse(at) > Date.parse(deadline.due) ? { late: true } : {};
}

// --- setting a deadline --------------------------------------------------------------------

export function setDeadline(command: SetDeadline, state: CycleState): readonly CycleEvent[] {
  const { kind, due } = command.data;
  const { actor, reason } = command.metadata;
  requireBlocLeadership(actor, state, 'set deadlines');
  // A closed year is read-only.
  requirePhase(state, ['signing', 'in_force', 'review', 'finalized'], 'set deadlines');
  const period = deadlinePeriod(kind, command.data.period, state.year);
  const dueMs = Date.parse(due);
  if (Number.isNaN(dueMs)) {
    throw new DomainError('INVALID_DUE', `${due} is not an ISO-8601 date-time`, { due });
  }
  const normalized = new Date(dueMs).toISOString();
  const current = findDeadline(state.deadlines, kind, period);
  // Set to what it is already: nothing changes (a retried request).
  if (current?.due === normalized) return [];
  if (current !== undefined && !reason?.trim()) {
    throw new DomainError('REASON_REQUIRED', `Moving the ${kind} deadline needs a reason`, {
      kind,
      period,
      due: current.due,
    });
  }
  return [
    {
      type: 'DeadlineSet',
      data: {
        blocId: state.blocId,
        year: state.year,
        kind,
        ...(period === null ? {} : { period }),
        due: normalized,
        ...(current === undefined ? {} : { previousDue: current.due }),
      },
    },
  ];
}

/** A reporting deadline is for one period of the cycle's year; the other kinds take none. */
function deadlinePeriod(kind: DeadlineKind, period: string | undefined, year: number): string | null {
  if (kind !== 'reporting') {
    if (period !== undefined) {
      throw new DomainError('INVALID_PERIOD', `Only a reporting deadline has a period, not ${kind}`, {
        period,
      });
    }
    return null;
  }
  if (period === undefined || parsePeriod(period)?.year !== year) {
    throw new DomainError(
      'INVALID_PERIOD',
      `A reporting deadline needs a period of ${year} (YYYY, YYYY-H1, YYYY-Q3)`,
      { period: period ?? null },
    );
  }
  return period;
}

// --- the passing of time -------------------------------------------------------------------

/**
 * The units that have not done what a deadline asks, in member order. Bloc-level deadlines
 * (the review, the nomination) are pending for every member until the bloc has acted.
 */
export function pendingUnits(
  deadline: Deadline,
  state: CycleState,
  context: TrackDeadlines['context'],
): string[] {
  const members = state.members.map((m) => m.unitId);
  switch (deadline.kind) {
    case 'signing':
      return members.filter((unitId) => !Object.hasOwn(state.signatures, unitId));
    case 'reporting':
      return members.filter(
        (unitId) => !(entryOf(context.reportedPeriods, unitId) ?? []).includes(deadline.period as string),
      );
    case 'self-assessment':
      return members.filter((unitId) => !context.selfAssessed.includes(unitId));
    case 'review':
      return state.review === null ? members : [];
    case 'nomination':
      return context.nominated ? [] : members;
  }
}

/**
 * The next moment something is due for a deadline: a reminder not yet recorded whose day has
 * come, or its passing. Null once its passing is recorded.
 */
export function nextMilestone(deadline: Deadline): number | null {
  if (deadline.passed) return null;
  const dueMs = Date.parse(deadline.due);
  const reminders = REMINDER_DAYS.filter(
    (days) => deadline.remindedDaysBefore === null || days < deadline.remindedDaysBefore,
  ).map((days) => dueMs - days * DAY_MS);
  return Math.min(...reminders, dueMs + 1);
}

/**
 * What the process manager records at `metadata.at`: for each deadline, its passing once the
 * due is behind (with the units that missed it), else the latest reminder whose day has come
 * and that was not recorded yet, when some unit is still pending. A reminder whose day was
 * overtaken by a later one (a deadline set 3 days ahead) is not sent late. Nothing once the
 * cycle is closed.
 */
export function trackDeadlines(command: TrackDeadlines, state: CycleState): readonly CycleEvent[] {
  if (command.metadata.actor.role !== 'system') {
    throw new DomainError('FORBIDDEN', 'Only the deadline process manager records the passing of time');
  }
  // A closed year is read-only: what was not recorded by then is not recorded any more.
  if (state.phase === 'closed') return [];
  const now = Date.parse(command.metadata.at);
  const events: CycleEvent[] = [];
  for (const deadline of state.deadlines) {
    if (deadline.passed) continue;
    const dueMs = Date.parse(deadline.due);
    const { blocId, year } = state;
    const { kind, due } = deadline;
    const period = deadline.period === null ? {} : { period: deadline.period };
    const pending = pendingUnits(deadline, state, command.context);
    if (now > dueMs) {
      events.push({ type: 'DeadlinePassed', data: { blocId, year, kind, ...period, due, missed: pending } });
      continue;
    }
    const reached = REMINDER_DAYS.filter(
      (days) =>
        now >= dueMs - days * DAY_MS &&
        (deadline.remindedDaysBefore === null || days < deadline.remindedDaysBefore),
    );
    if (reached.length === 0 || pending.length === 0) continue;
    const daysBefore = Math.min(...reached);
    events.push({
      type: 'DeadlineReminder',
      data: { blocId, year, kind, ...period, due, daysBefore, pending },
    });
  }
  return events;
}
