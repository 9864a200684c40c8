/**
 * The event store on PostgreSQL, for running the API on several machines against one log.
 *
 * The gap problem, and how this adapter avoids it. With a sequence, position 11 can commit
 * before position 10: a subscriber that has read up to 11 and then asks for `position > 11`
 * never sees 10. Here every append transaction first takes one transaction-scoped advisory
 * lock per store (schema), and only then reads the head and assigns positions head+1, head+2,
 * ... The lock is released by COMMIT, after the commit is visible, so transactions that write
 * events commit one after the other in position order: whenever a reader's snapshot contains
 * position p, it contains every position below p. `position > checkpoint` is then exact,
 * and the positions are dense, which also lets each event extend the hash chain of the one
 * before it.
 *
 * Serialising commits would cost one commit (one WAL flush) per append, so appends of this
 * process are grouped: while one transaction is committing, new appends queue, and the next
 * transaction takes the whole queue. Each queued append still gets its own expected-revision
 * check, its own idempotency check and its own result or error (postgres-group-commit.ts);
 * 64 concurrent appenders pay a handful of commits, not 64.
 *
 * Live subscriptions are woken by LISTEN/NOTIFY and, as a fallback for a lost listener
 * connection, by polling the head position while subscriptions run (postgres-live-delivery.ts).
 */
import type { Pool } from 'pg';
import { pgDriver } from './pg-driver.js';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  ChainPoint,
  ChainWalk,
  LogFilter,
  LogTailEntry,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyIntegrityOptions,
} from '../event-store.port.js';
import { verifyChain } from '../hash-chain.js';
import {
  assertLogTailRange,
  assertReadAllOptions,
  assertReadStreamOptions,
  assertStreamId,
  expectedLastEventIdOf,
  prepareAppend,
} from '../event-store.validation.js';
import { type LogPage, pageOf } from '../log-subscription.js';
import { streamPrefixRange } from '../stream-prefix.js';
import { AppendQueue, type QueuedAppend } from '../append-queue.js';
import {
  CHAIN_COLUMNS,
  EVENT_COLUMNS,
  toRecordedEvents,
  toStoredChainRow,
  type ChainRow,
  type EventRow,
} from '../event-rows.js';
import { commitGroup } from './postgres-group-commit.js';
import {
  type GroupCommitObserver,
  GroupCommitObservers,
  type ObservableGroupCommits,
} from '../group-commit-observer.js';
import { createLogTable, logTableOf, type LogTable } from './postgres-log-table.js';
import { PostgresLiveDelivery } from './postgres-live-delivery.js';
import { importRecordedBatch } from './postgres-import.js';
import type { RecordedEventImporter } from '../recorded-import.js';

export interface PostgresEventStoreOptions {
  /** Where to connect: for the store's own pool (unless `pool` is given) and for LISTEN. */
  readonly connectionString?: string;
  /** Schema of the store's tables, created when missing; one schema is one log. */
  readonly schema?: string;
  /** The clock that stamps `recordedAt`. */
  readonly now?: () => Date;
  /** A pool owned by the caller; close() leaves it open. */
  readonly pool?: Pool;
  /** How often a waiting subscription checks the head when no notification came (ms). */
  readonly pollIntervalMs?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = 'event_store';
const DEFAULT_POLL_INTERVAL_MS = 1000;
const VERIFY_PAGE_SIZE = 1000;

export class PostgresEventStore implements EventStore, RecordedEventImporter, ObservableGroupCommits {
  readonly name = 'postgres';
  /** Appends are checked against the stream's last event id and written in the order given. */
  readonly pipelinesAppends = true;

  private readonly log: LogTable;
  private readonly queue = new AppendQueue();
  private readonly commitObservers = new GroupCommitObservers();
  private committing?: Promise<void>;
  private readonly live: PostgresLiveDelivery;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    connectionString: string | undefined,
    readonly schema: string,
    private readonly now: () => Date,
    pollIntervalMs: number,
  ) {
    this.log = logTableOf(schema);
    this.live = new PostgresLiveDelivery({
      pool,
      connectionString,
      channel: this.log.channel,
      pollIntervalMs,
      readHead: () => this.readHead(),
    });
  }

  /** Connects and creates the schema and its table when missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    if (!options.pool && !options.connectionString) {
      throw new Error('PostgresEventStore needs a connectionString or a pool');
    }
    const pool =
      options.pool ??
      new (pgDriver().Pool)({
        connectionString: options.connectionString,
        connectionTimeoutMillis: 10_000,
        idleTimeoutMillis: 30_000,
      });
    // An idle client's connection error must not crash the process; the next query reports it.
    if (!options.pool) pool.on('error', () => undefined);
    const store = new PostgresEventStore(
      pool,
      !options.pool,
      options.connectionString,
      options.schema ?? DEFAULT_POSTGRES_SCHEMA,
      options.now ?? (() => new Date()),
      options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    );
    try {
      await createLogTable(pool, store.log);
    } catch (error) {
      if (store.ownsPool) await pool.end();
      throw error;
    }
    return store;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const prepared = prepareAppend(streamId, events, options);
      const expectedLastEventId = expectedLastEventIdOf(options);
      const append: QueuedAppend = {
        streamId,
        expectedRevision: options.expectedRevision,
        events: prepared,
        ...(expectedLastEventId === undefined ? {} : { expectedLastEventId }),
      };
      const result = this.queue.enqueue(append);
      this.startGroupCommits();
      return result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamId(streamId);
    assertReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.pool.query<EventRow>({
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.log.table}
        WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      values: [streamId, from, options.maxCount ?? null],
      rowMode: 'array',
    });
    return toRecordedEvents(rows);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions(options);
    return this.readLog(options.after ?? 0, options.maxCount ?? null, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.readHead();
  }

  /**
   * The log's tail after `after` (EventStore.readLogTail): appends take the log's advisory lock
   * before they number their events, so transactions commit, and positions become visible, in
   * position order.
   */
  async readLogTail(after: number, maxCount: number): Promise<LogTailEntry[]> {
    this.assertOpen();
    assertLogTailRange(after, maxCount);
    const { rows } = await this.pool.query<[position: string, streamId: string, revision: string]>({
      text: `SELECT position, stream_id, revision FROM ${this.log.table} WHERE position > $1 ORDER BY position LIMIT $2`,
      values: [after, maxCount],
      rowMode: 'array',
    });
    return rows.map(([position, streamId, revision]) => ({
      position: Number(position),
      streamId,
      revision: Number(revision),
    }));
  }

  private async readHead(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM ${this.log.table}`,
    );
    return Number(rows[0].head);
  }

  /** Continues the log with another log's recorded events, verbatim (recorded-import.ts). */
  async importRecorded(batch: readonly RecordedEvent[]): Promise<ChainPoint> {
    this.assertOpen();
    return importRecordedBatch(this.pool, this.log, batch);
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    assertReadAllOptions({ after: options.after, types: options.types, streamPrefix: options.streamPrefix });
    return this.live.subscribe(
      (after, limit, filter) => this.readLogPage(after, limit, filter),
      options,
      handler,
    );
  }

  async verifyIntegrity(options: VerifyIntegrityOptions = {}): Promise<ChainWalk> {
    this.assertOpen();
    return verifyChain(
      async (after, limit) => {
        const { rows } = await this.pool.query<ChainRow>({
          text: `SELECT ${CHAIN_COLUMNS} FROM ${this.log.table} WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after, limit],
          rowMode: 'array',
        });
        return rows.map(toStoredChainRow);
      },
      { ...options, pageSize: VERIFY_PAGE_SIZE },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.live.close();
    // Appends already queued still commit: their callers are waiting for an answer.
    while (this.committing) await this.committing;
    if (this.ownsPool) await this.pool.end();
  }

  // --- appends -----------------------------------------------------------------------------

  observeGroupCommits(observer: GroupCommitObserver): () => void {
    return this.commitObservers.observeGroupCommits(observer);
  }

  /** Runs one group commit after another while appends are queued; at most one at a time. */
  private startGroupCommits(): void {
    if (this.committing || this.queue.size === 0) return;
    this.committing = this.runGroupCommits();
  }

  private async runGroupCommits(): Promise<void> {
    try {
      while (this.queue.size > 0) {
        const group = this.queue.takeGroup();
        const committed = this.commitObservers.start(group);
        const wrote = await commitGroup(this.pool, this.log, this.now, group);
        committed(wrote);
        if (wrote) this.live.changes.notify();
      }
    } finally {
      // Cleared in the same turn as the last queue check, so an append queued later starts anew.
      this.committing = undefined;
    }
  }

  // --- reads and live delivery ---------------------------------------------------------------

  /**
   * A subscription's page. Filtered, it reads the head first: commits come in position order
   * (see above), so the page's later snapshot holds every position up to that head, and a page
   * that is not full has read the log through it; the events the filter skipped are not read again.
   */
  private async readLogPage(after: number, limit: number, filter: LogFilter): Promise<LogPage> {
    const filtered = filter.types !== undefined || filter.streamPrefix !== undefined;
    const head = filtered ? await this.readHead() : 0;
    const page = pageOf(await this.readLog(after, limit, filter), after);
    return page.events.length === limit
      ? page
      : { events: page.events, through: Math.max(head, page.through) };
  }

  private async readLog(after: number, limit: number | null, filter: LogFilter): Promise<RecordedEvent[]> {
    // A prefix selects whole segments (stream-prefix.ts); stream_id is COLLATE "C", so the
    // range compares code points, as the prefix range is defined.
    const range = filter.streamPrefix === undefined ? undefined : streamPrefixRange(filter.streamPrefix);
    const { rows } = await this.pool.query<EventRow>({
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.log.table}
        WHERE position > $1
          AND ($2::text[] IS NULL OR type = ANY($2::text[]))
          AND ($3::text IS NULL OR stream_id = $3::text OR (stream_id >= $4::text AND stream_id < $5::text))
        ORDER BY position LIMIT $6`,
      rowMode: 'array',
      values: [
        after,
        filter.types ? [...filter.types] : null,
        range?.exact ?? null,
        range?.childrenFrom ?? null,
        range?.childrenBelow ?? null,
        limit,
      ],
    });
    return toRecordedEvents(rows);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the PostgreSQL event store is closed');
  }
}
