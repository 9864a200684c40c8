/**
 * Reads one document of a projection by its key, typed, throwing ReadModelNotFoundError when
 * the bloc or year is unknown; the shapes of the read side's answers that several slices share.
 */
import type { LeadershipPolicy, Member } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { blocsProjection, type BlocDocument } from './blocs/blocs.projection.js';
import { cycleProjection, type CycleDocument } from './cycle/cycle.projection.js';
import { deadlinesProjection, type DeadlinesDocument } from './deadlines/deadlines.projection.js';
import { honoursProjection, type HonourDocument } from './honours/honours.projection.js';
import { leadershipProjection, type LeadershipDocument } from './leadership/leadership.projection.js';
import { nominationsProjection, type NominationDocument } from './nominations/nominations.projection.js';
import { cycleKey } from './projection.js';
import { ReadModelNotFoundError } from './projection.errors.js';
import { standingsProjection, type StandingsDocument } from './standings/standings.projection.js';
import type { ReadModelStore } from './storage/read-model-store.port.js';
import { votesProjection, type VotesDocument } from './votes/votes.projection.js';

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

/**
 * The stored documents of the blocs, cycles, standings and leadership projections, by key.
 * Callers wanting read-your-writes wait on the ProjectionEngine first.
 */
export class ReadModelDocuments {
  constructor(private readonly storage: ReadModelStore) {}

  /** Every bloc's document, in the store's order. */
  async blocDocuments(): Promise<BlocDocument[]> {
    const documents = await this.storage.listDocuments(blocsProjection.name);
    return documents.map(({ body }) => body as BlocDocument);
  }

  async blocDocument(blocId: string): Promise<BlocDocument> {
    return this.document<BlocDocument>(blocsProjection.name, blocId, `bloc ${blocId}`);
  }

  async cycleDocument(blocId: string, year: number): Promise<CycleDocument> {
    return this.document<CycleDocument>(
      cycleProjection.name,
      cycleKey(blocId, year),
      `cycle ${blocId} ${year}`,
    );
  }

  async standingsDocument(blocId: string, year: number): Promise<StandingsDocument> {
    const standings = await this.findStandingsDocument(blocId, year);
    if (standings === undefined) throw new ReadModelNotFoundError(`cycle ${blocId} ${year}`);
    return standings;
  }

  /** The bloc-year's standings, or undefined for a year not opened (yet). */
  async findStandingsDocument(blocId: string, year: number): Promise<StandingsDocument | undefined> {
    return (await this.storage.loadDocument(standingsProjection.name, cycleKey(blocId, year))) as
      StandingsDocument | undefined;
  }

  async deadlinesDocument(blocId: string, year: number): Promise<DeadlinesDocument> {
    return this.document<DeadlinesDocument>(
      deadlinesProjection.name,
      cycleKey(blocId, year),
      `cycle ${blocId} ${year}`,
    );
  }

  /** The bloc-year's roll-call votes; none (an empty list) before the first one opens. */
  async votesDocument(blocId: string, year: number): Promise<VotesDocument> {
    const votes = (await this.storage.loadDocument(votesProjection.name, cycleKey(blocId, year))) as
      VotesDocument | undefined;
    return votes ?? { blocId, year, votes: [] };
  }

  async leadershipDocument(blocId: string): Promise<LeadershipDocument> {
    return this.document<LeadershipDocument>(leadershipProjection.name, blocId, `bloc ${blocId}`);
  }

  /**
   * Every nomination, in key order (bloc, year, award, unit). The lists are small (a few per
   * bloc and year), so the queries filter them in memory.
   */
  async nominationDocuments(): Promise<NominationDocument[]> {
    return (await this.storage.listDocuments(nominationsProjection.name)).map(
      ({ body }) => body as NominationDocument,
    );
  }

  /** Every honour of the register, in key order (bloc, year, award, unit). */
  async honourDocuments(): Promise<HonourDocument[]> {
    return (await this.storage.listDocuments(honoursProjection.name)).map(
      ({ body }) => body as HonourDocument,
    );
  }

  private async document<Document>(projection: string, key: string, what: string): Promise<Document> {
    const document = await this.storage.loadDocument(projection, key);
    if (document === undefined) throw new ReadModelNotFoundError(what);
    return document as Document;
  }
}
