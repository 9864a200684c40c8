/**
 * Time travel: a bloc-year's standings as recorded at a past moment, folded in memory from the
 * log up to the position the audit index bounds, with recent answers remembered.
 */
import { cyclePrefix } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { AUDIT_PROJECTION } from '../audit/audit-sink.js';
import { cycleKey, domainEventOf, foldDocuments } from '../projection.js';
import { ReadModelNotFoundError } from '../projection.errors.js';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import { StandingsAsOfCache } from './standings-as-of.cache.js';
import { standingsProjection } from './standings.projection.js';
import { standingsView, type StandingsView } from './standings.view.js';

const LOG_PAGE = 500;

/** The standings as of a moment, from the audit index (which keeps each event's time) and the log. */
export class StandingsTimeTravel {
  /** Recent answers (see standingsAsOf). */
  private readonly asOfAnswers = new StandingsAsOfCache();

  constructor(
    private readonly storage: ReadModelStore,
    private readonly store: EventStore,
  ) {}

  /**
   * The standings as recorded at `asOf`: the bloc-year's events recorded by then, folded by the
   * same projection in memory. Only the events up to that moment are read: the audit index
   * (which keeps each event's time) bounds the positions to read, and gives how many of the
   * bloc-year's events lie below the bound, so the log is read up to it and no further. The
   * stores stamp `recordedAt` with their clock and do not promise that it grows with the
   * position (a clock set back, PostgreSQL's concurrent writers), hence the bound and the
   * filter on `recordedAt` below it. Events the index has not reached yet are read too.
   * Recent answers are remembered per bloc, year and bound. Unknown bloc-years (or a moment
   * before the cycle opened) throw ReadModelNotFoundError.
   */
  async standingsAsOf(blocId: string, year: number, asOf: Date): Promise<StandingsView> {
    const until = asOf.toISOString();
    const moment = asOf.getTime();
    const prefix = cyclePrefix(blocId, year);
    const indexedUpTo = (await this.storage.checkpoints()).get(AUDIT_PROJECTION) ?? 0;
    const positions = await this.storage.blocYearPositionsUntil(blocId, year, until);
    const bound = positions.at(-1) ?? 0;

    // The index's lag first: after its checkpoint, nothing bounds the positions.
    const lag = (await this.readPrefix(prefix, Math.max(indexedUpTo, bound), Infinity)).filter(
      (event) => event.recordedAt <= until,
    );
    if (lag.length === 0) {
      const remembered = this.asOfAnswers.find(blocId, year, bound, moment);
      if (remembered !== undefined) return remembered;
    }

    const read = await this.readPrefix(prefix, 0, bound, positions.length);
    let from = -Infinity;
    let before = Infinity;
    const folded: RecordedEvent[] = [];
    for (const event of read) {
      const time = Date.parse(event.recordedAt);
      if (event.recordedAt <= until) {
        folded.push(event);
        from = Math.max(from, time);
      } else {
        before = Math.min(before, time);
      }
    }
    folded.push(...lag);
    const documents = foldDocuments(
      standingsProjection,
      folded.map(domainEventOf).filter((event) => event !== undefined),
    );
    const standings = documents.get(cycleKey(blocId, year));
    if (standings === undefined) throw new ReadModelNotFoundError(`cycle ${blocId} ${year} as of ${until}`);
    const view = standingsView(standings);
    if (lag.length === 0) this.asOfAnswers.remember(blocId, year, bound, { view, from, before });
    return view;
  }

  /**
   * The events under `prefix` after position `after` and up to position `upTo`, in pages that
   * ask for no more than `expected` events in all (the bloc-year's events the index holds in
   * that range: each carries its bloc and year) while that many are not read yet.
   */
  private async readPrefix(
    prefix: string,
    after: number,
    upTo: number,
    expected = Infinity,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let last = after; last < upTo;) {
      const maxCount = Math.max(1, Math.min(LOG_PAGE, expected - events.length));
      const page = await this.store.readAll({ streamPrefix: prefix, after: last, maxCount });
      for (const event of page) if (event.position <= upTo) events.push(event);
      if (page.length < maxCount) break;
      last = page[page.length - 1].position;
    }
    return events;
  }
}
