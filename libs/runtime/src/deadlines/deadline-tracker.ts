/**
 * The deadline process manager's work at one moment (`tick`): catch up with the deadlines the
 * log holds, and for every bloc-year where a reminder or a passing is due, decide
 * TrackDeadlines on the cycle stream and append what it decides.
 *
 * Its progress is the log itself: what was reminded or passed is in the cycle stream, so a
 * restarted (or another) process decides nothing twice. The append also carries the expected
 * revision it decided at and event ids derived from what each event is (bloc-year, kind,
 * period, due, reminder): a retried append is a replay, a concurrent one a conflict.
 */
import { createHash } from 'node:crypto';
import {
  type Actor,
  cycleDecider,
  type CycleDeciderState,
  type CycleEvent,
  cycleStream,
  type Deadline,
  EVENT_SCHEMA_VERSIONS,
  evolveDeadlines,
  nextMilestone,
  toDomainEvent,
  type TrackDeadlines,
  unitCycleDecider,
  unitCycleStream,
} from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';

/** Milliseconds since the epoch, now: the process manager's only way to know the time. */
export type Clock = () => number;

/** Who the process manager's events name as their actor. */
export const DEADLINE_PROCESS_ACTOR: Actor = {
  sub: 'deadline-process-manager',
  name: 'Deadline process manager',
  role: 'system',
};

const DEADLINE_EVENT_TYPES = ['DeadlineSet', 'DeadlineReminder', 'DeadlinePassed'];
/** Another slice's event, read by name: a bloc-year with one has done its nomination. */
const NOMINATION_SUBMITTED = 'NominationSubmitted';

interface BlocYear {
  readonly blocId: string;
  readonly year: number;
  deadlines: readonly Deadline[];
}

export interface DeadlineTrackerOptions {
  readonly store: EventStore;
  readonly clock: Clock;
  /** Told the types of the events it appended (reminders, passings), once appended. */
  readonly onWritten?: (types: readonly string[]) => void;
}

export class DeadlineTracker {
  /** The deadlines of each bloc-year, as far as the log was read. */
  private readonly blocYears = new Map<string, BlocYear>();
  private readAfter = 0;
  /** Milestones found due with nothing to write (see `track`): not looked at again. */
  private readonly quiet = new Set<string>();

  constructor(private readonly options: DeadlineTrackerOptions) {}

  /** Catches up with the log, then records every reminder and passing due at the clock's time. */
  async tick(): Promise<void> {
    await this.catchUp();
    const now = this.options.clock();
    for (const blocYear of this.blocYears.values()) {
      const due = blocYear.deadlines.filter((deadline) => {
        const milestone = nextMilestone(deadline);
        return milestone !== null && milestone <= now && !this.quiet.has(quietKey(blocYear, deadline));
      });
      if (due.length > 0) await this.track(blocYear, now);
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const recorded = await this.options.store.readAll({
        after: this.readAfter,
        types: DEADLINE_EVENT_TYPES,
        maxCount: 1000,
      });
      if (recorded.length === 0) return;
      for (const stored of recorded) {
        const event = toDomainEvent(stored) as CycleEvent;
        if (
          event.type === 'DeadlineSet' ||
          event.type === 'DeadlineReminder' ||
          event.type === 'DeadlinePassed'
        ) {
          this.blocYearOf(event.data).deadlines = evolveDeadlines(
            this.blocYearOf(event.data).deadlines,
            event,
          );
        }
        this.readAfter = stored.position;
      }
    }
  }

  private blocYearOf({ blocId, year }: { blocId: string; year: number }): BlocYear {
    const key = `${blocId}:${year}`;
    let blocYear = this.blocYears.get(key);
    if (blocYear === undefined) this.blocYears.set(key, (blocYear = { blocId, year, deadlines: [] }));
    return blocYear;
  }

  /** Decides TrackDeadlines on the cycle stream as stored, and appends what it decides. */
  private async track(blocYear: BlocYear, now: number): Promise<void> {
    const { store } = this.options;
    const streamId = cycleStream(blocYear.blocId, blocYear.year);
    const recorded = await store.readStream(streamId);
    let state: CycleDeciderState = cycleDecider.initialState();
    for (const stored of recorded) state = cycleDecider.evolve(state, toDomainEvent(stored) as CycleEvent);
    if (state === null) return;
    const revision = recorded.length - 1;

    const command: TrackDeadlines = {
      type: 'TrackDeadlines',
      data: {},
      metadata: { actor: DEADLINE_PROCESS_ACTOR, at: new Date(now).toISOString() },
      context: await this.progress(
        state.members.map((m) => m.unitId),
        blocYear,
        state.deadlines,
      ),
    };
    const decided = cycleDecider.decide(command, state);
    // Due but nothing to write: nobody left to remind, or a closed year. Neither changes for
    // this due (a moved deadline has a new one), so it is not looked at again.
    for (const deadline of state.deadlines) {
      const milestone = nextMilestone(deadline);
      const writes = decided.some((event) => sameDeadline(event, deadline));
      if (milestone !== null && milestone <= now && !writes) this.quiet.add(quietKey(blocYear, deadline));
    }
    blocYear.deadlines = state.deadlines;
    if (decided.length === 0) return;
    const events = decided.map((event) => toNewEvent(event));
    await store.append(streamId, events, { expectedRevision: revision });
    this.options.onWritten?.(events.map((event) => event.type));
  }

  /** What the members' own streams (and the nominations) say about what they have done. */
  private async progress(
    members: readonly string[],
    blocYear: BlocYear,
    deadlines: readonly Deadline[],
  ): Promise<TrackDeadlines['context']> {
    const reported: [string, readonly string[]][] = [];
    const selfAssessed: string[] = [];
    for (const unitId of members) {
      let unit = unitCycleDecider.initialState();
      for (const stored of await this.options.store.readStream(
        unitCycleStream(blocYear.blocId, blocYear.year, unitId),
      )) {
        unit = unitCycleDecider.evolve(unit, toDomainEvent(stored) as never);
      }
      reported.push([unitId, unit.reports.toArray().map((r) => r.period)]);
      if (unit.selfAssessment !== null) selfAssessed.push(unitId);
    }
    const nominated =
      deadlines.some((d) => d.kind === 'nomination' && !d.passed) &&
      (await this.options.store.readAll({ types: [NOMINATION_SUBMITTED] })).some((stored) => {
        const data = stored.data as { blocId?: unknown; year?: unknown };
        return data.blocId === blocYear.blocId && data.year === blocYear.year;
      });
    // Object.fromEntries defines own properties, "__proto__" included.
    return { reportedPeriods: Object.fromEntries(reported), selfAssessed, nominated };
  }
}

function sameDeadline(event: CycleEvent, deadline: Deadline): boolean {
  if (event.type !== 'DeadlineReminder' && event.type !== 'DeadlinePassed') return false;
  return (
    event.data.kind === deadline.kind &&
    (event.data.period ?? null) === deadline.period &&
    event.data.due === deadline.due
  );
}

function quietKey(blocYear: BlocYear, deadline: Deadline): string {
  return JSON.stringify([
    blocYear.blocId,
    blocYear.year,
    deadline.kind,
    deadline.period,
    deadline.due,
    nextMilestone(deadline),
  ]);
}

/**
 * The event to append, with an id derived from what it records: the same reminder or passing
 * of the same due always has the same id. A moved deadline has another due, hence new ids.
 */
function toNewEvent(event: CycleEvent): NewEvent {
  const data = event.data as {
    blocId: string;
    year: number;
    kind: string;
    period?: string;
    due: string;
    daysBefore?: number;
  };
  const id = deterministicId([
    event.type,
    data.blocId,
    data.year,
    data.kind,
    data.period ?? null,
    data.due,
    data.daysBefore ?? null,
  ]);
  return {
    id,
    type: event.type,
    data: event.data,
    metadata: {
      actor: DEADLINE_PROCESS_ACTOR,
      correlationId: id,
      causationId: id,
      schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    },
  };
}

/**
 * A name-based UUID (version 5's layout, over SHA-256) from the parts; never a keyed command's
 * id (version 8), which the write side recognises.
 */
export function deterministicId(parts: readonly unknown[]): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(['deadline-process', ...parts]))
    .digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
