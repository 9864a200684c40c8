/**
 * The read side's answers: the blocs, a cycle, its standings (also as of a past moment), the
 * final ranking, the leadership and the audit search, each from the stored read models.
 */
import { cyclePrefix, type LeadershipPolicy, type Member } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { AUDIT_PROJECTION } from './audit/audit-sink.js';
import { blocsProjection, type BlocDocument } from './blocs/blocs.projection.js';
import { cycleProjection, type CycleDocument } from './cycle/cycle.projection.js';
import {
  leadershipProjection,
  termsOf,
  type LeadershipDocument,
} from './leadership/leadership.projection.js';
import {
  hasLeadershipYear,
  leadershipAssignment,
  type LeadershipAssignment,
  type LeadershipView,
} from './leadership/leadership.view.js';
import { cycleKey, domainEventOf, foldDocuments } from './projection.js';
import { RankingNotFinalError, ReadModelNotFoundError } from './projection.errors.js';
import { StandingsAsOfCache } from './standings/standings-as-of.cache.js';
import { standingsProjection, type StandingsDocument } from './standings/standings.projection.js';
import {
  isScoringFinal,
  rankingView,
  standingsView,
  type RankingView,
  type StandingsView,
} from './standings/standings.view.js';
import type { ReadModelStore } from './storage/read-model-store.port.js';

/** Injection token of the read side's queries (ReadSideQueries). */
export const READ_SIDE_QUERIES = Symbol('READ_SIDE_QUERIES');

/** A bloc as the list of every bloc shows it. */
export interface BlocSummary {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly members: readonly Member[];
}

/** One bloc: its members, its leadership policy and the years of its cycles. */
export interface BlocView extends BlocSummary {
  readonly policy: LeadershipPolicy;
  readonly years: readonly number[];
}

/** One bloc-year's cycle. */
export type CycleView = CycleDocument;

/** A search of the audit trail: every filter optional; `after` is the previous page's `next`. */
export interface AuditQuery {
  readonly blocId?: string;
  readonly year?: number;
  readonly unitId?: string;
  /** The actor's subject. */
  readonly actor?: string;
  readonly types?: readonly string[];
  /** Inclusive bounds of `recordedAt`. */
  readonly from?: Date;
  readonly to?: Date;
  readonly after?: number;
  /** 1..1000; default 100. */
  readonly limit?: number;
}

export interface AuditPage {
  readonly items: readonly RecordedEvent[];
  /** Cursor of the next page, or null on the last page. */
  readonly next: number | null;
}

const DEFAULT_AUDIT_LIMIT = 100;
const LOG_PAGE = 500;

/**
 * The queries the API answers, each from the stored read models (time travel excepted: it
 * folds one bloc-year's events up to its moment from the log; the audit search reads the
 * envelopes the index found by position). Unknown blocs and years throw
 * ReadModelNotFoundError. Callers wanting read-your-writes wait on the ProjectionEngine first.
 */
export class ReadSideQueries {
  /** Recent time-travel answers (see standingsAsOf). */
  private readonly asOfAnswers = new StandingsAsOfCache();

  constructor(
    private readonly storage: ReadModelStore,
    private readonly store: EventStore,
  ) {}

  async blocs(): Promise<BlocSummary[]> {
    const documents = await this.storage.listDocuments(blocsProjection.name);
    return documents.map(({ body }) => {
      const { id, name, province, members } = body as BlocDocument;
      return { id, name, province, members };
    });
  }

  async bloc(blocId: string): Promise<BlocView> {
    const { id, name, province, members, policy, years } = await this.document<BlocDocument>(
      blocsProjection.name,
      blocId,
      `bloc ${blocId}`,
    );
    return { id, name, province, members, policy, years };
  }

  async cycle(blocId: string, year: number): Promise<CycleView> {
    return this.document<CycleDocument>(
      cycleProjection.name,
      cycleKey(blocId, year),
      `cycle ${blocId} ${year}`,
    );
  }

  async standings(blocId: string, year: number): Promise<StandingsView> {
    return standingsView(await this.standingsDocument(blocId, year));
  }

  /**
   * The standings as recorded at `asOf`: the bloc-year's events recorded by then, folded by the
   * same projection in memory. Only the events up to that moment are read: the audit index
   * (which keeps each event's time) bounds the positions to read, and gives how many of the
   * bloc-year's events lie below the bound, so the log is read up to it and no further. The
   * stores stamp `recordedAt` with their clock and do not promise that it grows with the
   * position (a clock set back, PostgreSQL's concurrent writers), hence the bound and the
   * filter on `recordedAt` below it. Events the index has not reached yet are read too.
   * Recent answers are remembered per bloc, year and bound.
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

  /** The final ranking; RankingNotFinalError before scoring is finalized. */
  async ranking(blocId: string, year: number): Promise<RankingView> {
    const standings = await this.standingsDocument(blocId, year);
    if (!isScoringFinal(standings.phase)) throw new RankingNotFinalError(blocId, year);
    return rankingView(standings);
  }

  async leadership(blocId: string): Promise<LeadershipView> {
    const leadership = await this.leadershipDocument(blocId);
    const last = leadership.years.at(-1);
    return {
      blocId,
      history: termsOf(leadership),
      next: last === undefined ? null : await this.assignment(leadership, last.year + 1),
    };
  }

  async leadershipFor(blocId: string, year: number): Promise<LeadershipAssignment> {
    const leadership = await this.leadershipDocument(blocId);
    if (!hasLeadershipYear(leadership, year))
      throw new ReadModelNotFoundError(`leadership of ${blocId} for ${year}`);
    return this.assignment(leadership, year);
  }

  /** Pages through the audit index (never the log), in position order. */
  async searchAudit(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
    const found = await this.storage.searchAudit({
      blocId: query.blocId,
      year: query.year,
      unitId: query.unitId,
      actor: query.actor,
      types: query.types,
      from: query.from?.toISOString(),
      to: query.to?.toISOString(),
      after: query.after,
      // One more than asked tells whether another page exists.
      limit: limit + 1,
    });
    const positions = found.slice(0, limit);
    return {
      items: await this.eventsAt(positions),
      next: found.length > limit ? positions[positions.length - 1] : null,
    };
  }

  /** The envelopes at these ascending positions, read from the log one run of neighbours at a time. */
  private async eventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    const runs: { after: number; count: number }[] = [];
    for (const position of positions) {
      const last = runs.at(-1);
      if (last !== undefined && last.after + last.count + 1 === position) last.count++;
      else runs.push({ after: position - 1, count: 1 });
    }
    const pages = await Promise.all(
      runs.map(({ after, count }) => this.store.readAll({ after, maxCount: count })),
    );
    return pages.flat();
  }

  private async assignment(leadership: LeadershipDocument, year: number): Promise<LeadershipAssignment> {
    const [previous, current] = await Promise.all([
      this.storage.loadDocument(standingsProjection.name, cycleKey(leadership.blocId, year - 1)),
      this.storage.loadDocument(standingsProjection.name, cycleKey(leadership.blocId, year)),
    ]);
    // A year already opened proposes among its own members; the coming year among today's.
    const members = (current as StandingsDocument | undefined)?.members ?? leadership.members;
    return leadershipAssignment(leadership, year, previous as StandingsDocument | undefined, members);
  }

  private async standingsDocument(blocId: string, year: number): Promise<StandingsDocument> {
    return this.document<StandingsDocument>(
      standingsProjection.name,
      cycleKey(blocId, year),
      `cycle ${blocId} ${year}`,
    );
  }

  private async leadershipDocument(blocId: string): Promise<LeadershipDocument> {
    return this.document<LeadershipDocument>(leadershipProjection.name, blocId, `bloc ${blocId}`);
  }

  private async document<Document>(projection: string, key: string, what: string): Promise<Document> {
    const document = await this.storage.loadDocument(projection, key);
    if (document === undefined) throw new ReadModelNotFoundError(what);
    return document as Document;
  }
}
