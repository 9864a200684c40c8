/**
 * The embedded event store: one SQLite file in WAL mode at full durability.
 *
 * Appends are validated and serialised on the caller's thread, queued, and written together in
 * one transaction (group commit, sqlite-group-commits.ts): one fsync serves them all, while each
 * append keeps its own expected-revision check and its own result or error. Larger groups run in
 * a worker thread with a write connection of its own (sqlite-writer.ts), so the event loop is
 * not blocked by COMMIT's fsync; the store's own connection serves reads.
 * Other processes may open the same file (a projector process): the write lock serialises
 * writers, positions are assigned under it, and subscriptions poll for their commits.
 */
import type Database from 'better-sqlite3';
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
  ReplayedEvent,
  SubscribeOptions,
  Subscription,
  VerifyIntegrityOptions,
} from '../event-store.port.js';
import {
  assertLogTailRange,
  assertReadAllOptions,
  assertReadStreamOptions,
  expectedLastEventIdOf,
  prepareAppend,
} from '../event-store.validation.js';
import { type ChainPageReader, verifyChain } from '../hash-chain.js';
import { LogChangeSignal, type LogPage, LogSubscription, pageOf } from '../log-subscription.js';
import { streamPrefixRange } from '../stream-prefix.js';
import { openEventsDatabase } from './sqlite-database.js';
import { EVENT_COLUMNS, toRecordedEvents, type EventRow } from '../event-rows.js';
import type { QueuedAppend } from '../append-queue.js';
import { SqliteGroupCommits } from './sqlite-group-commits.js';
import { chainPages } from './sqlite-log-file.js';
import { ThreadChainVerifier } from './sqlite-verifier.js';
import {
  AdaptiveGroupWriter,
  InlineGroupWriter,
  type SqliteGroupWriter,
  type SqliteWriterFaults,
  ThreadGroupWriter,
} from './sqlite-writer.js';
import type { GroupCommitObserver, ObservableGroupCommits } from '../group-commit-observer.js';
import { type PartitionRead, SqliteLogPartitionReader } from './sqlite-log-partition.js';
import { SqliteRecordedImport } from './sqlite-import.js';
import { LimitedStatements } from './sqlite-limited-statements.js';
import type { RecordedEventImporter } from '../recorded-import.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file; created when missing. */
  readonly file: string;
  /** The clock that stamps `recordedAt`. */
  readonly now?: () => Date;
  /** How often subscriptions look for events appended by other processes (default 200 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Where group commits run: `thread`, a worker thread with its own write connection, keeping
   * COMMIT's fsync off the event loop; `inline`, on the event loop with the store's connection;
   * `adaptive` (default), a group of one append inline and larger groups in the thread
   * (AdaptiveGroupWriter in sqlite-writer.ts).
   */
  readonly writer?: SqliteWriterKind;
  /** The Node options of the store's threads, the writer's and the verifier's (see WriterThreadOptions.execArgv). */
  readonly writerExecArgv?: readonly string[];
  /** Test only: faults injected into group commits (SqliteWriterFault). */
  readonly writerFaults?: SqliteWriterFaults;
  /**
   * Where `verifyIntegrity` walks the chain: `thread` (default), a worker thread with a
   * read-only connection of its own (sqlite-verifier.ts); `inline`, on the event loop with the
   * store's connection, yielding between pages.
   */
  readonly verifier?: 'thread' | 'inline';
}

export type SqliteWriterKind = 'adaptive' | 'thread' | 'inline';
const WRITER_KINDS: readonly SqliteWriterKind[] = ['adaptive', 'thread', 'inline'];

/** The embedded store's file in its data folder. */
export const SQLITE_EVENTS_FILE = 'events.sqlite';

const READ_FORWARDS = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`;
/** What readLogTail reads: the table's own rows after a position, three of their columns. */
const READ_TAIL = 'SELECT position, stream_id, revision FROM events WHERE position > ? ORDER BY position';
const READ_BACKWARDS = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC`;

/** The most positions one read of a filtered subscription scans (see readLogPage). */
export const FILTERED_SCAN_WINDOW = 20_000;

export class SqliteEventStore implements EventStore, RecordedEventImporter, ObservableGroupCommits {
  readonly name = 'sqlite';
  /** Appends are checked against the stream's last event id and written in the order given. */
  readonly pipelinesAppends = true;

  private readonly statements;
  /** The event readers' statements, by their SQL and limit (sqlite-limited-statements.ts). */
  private readonly reads: LimitedStatements<unknown[], EventRow>;
  /** readLogTail's statements, by limit. */
  private readonly tailReads: LimitedStatements<
    [number],
    [position: number, streamId: string, revision: number]
  >;
  /** readLog's SQL by the shape of its filter. */
  private readonly readLogSql = new Map<string, string>();
  private partitions?: SqliteLogPartitionReader;
  /** The chain's pages on this connection, for the `inline` verifier. */
  private chainPages?: ChainPageReader;
  private importer?: SqliteRecordedImport;
  private readonly groupCommits: SqliteGroupCommits;
  private closing = false;
  private readonly changes = new LogChangeSignal();
  private readonly subscriptions = new Set<LogSubscription>();
  private pollTimer?: NodeJS.Timeout;
  private lastDataVersion: number;

  private constructor(
    private readonly db: Database.Database,
    writer: SqliteGroupWriter,
    now: () => Date,
    private readonly pollIntervalMs: number,
    /** Walks the chain off the event loop; none: on it (the `inline` verifier). */
    private readonly verifier: ThreadChainVerifier | undefined,
  ) {
    this.groupCommits = new SqliteGroupCommits(db, writer, now, (change) => this.changes.notify(change));
    this.reads = new LimitedStatements(db, (statement) => statement.raw());
    this.tailReads = new LimitedStatements(db, (statement) => statement.raw());
    this.statements = {
      headPosition: db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.lastDataVersion = this.statements.dataVersion.get() ?? 0;
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const pollIntervalMs = options.pollIntervalMs ?? 200;
    if (!(pollIntervalMs > 0)) throw new RangeError(`pollIntervalMs must be positive, not ${pollIntervalMs}`);
    const writerKind = options.writer ?? 'adaptive';
    if (!WRITER_KINDS.includes(writerKind))
      throw new RangeError(`writer must be ${WRITER_KINDS.join(', ')}, not ${String(writerKind)}`);
    const verifierKind = options.verifier ?? 'thread';
    if (verifierKind !== 'thread' && verifierKind !== 'inline')
      throw new RangeError(`verifier must be thread or inline, not ${String(verifierKind)}`);
    // Opened first: it creates the schema the writer thread's connection then finds.
    const db = openEventsDatabase(options.file);
    const thread = (): ThreadGroupWriter =>
      new ThreadGroupWriter({
        file: options.file,
        execArgv: options.writerExecArgv,
        faults: options.writerFaults,
      });
    const writer: SqliteGroupWriter =
      writerKind === 'inline'
        ? new InlineGroupWriter(db, options.writerFaults)
        : writerKind === 'thread'
          ? thread()
          : new AdaptiveGroupWriter(new InlineGroupWriter(db, options.writerFaults), thread());
    const verifier =
      verifierKind === 'thread' ? new ThreadChainVerifier(options.file, options.writerExecArgv) : undefined;
    return new SqliteEventStore(db, writer, options.now ?? (() => new Date()), pollIntervalMs, verifier);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    let append: QueuedAppend;
    try {
      const expectedLastEventId = expectedLastEventIdOf(options);
      const prepared = prepareAppend(streamId, events, options);
      append =
        expectedLastEventId === undefined
          ? { streamId, events: prepared, expectedRevision: options.expectedRevision }
          : { streamId, events: prepared, expectedRevision: options.expectedRevision, expectedLastEventId };
    } catch (error) {
      return Promise.reject(error);
    }
    return this.groupCommits.append(append);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (typeof streamId !== 'string')
      throw new RangeError(`stream id must be a string, not ${typeof streamId}`);
    assertReadStreamOptions(options);
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.reads
            .limited(READ_BACKWARDS, limit)
            .all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER)
        : this.reads.limited(READ_FORWARDS, limit).all(streamId, options.fromRevision ?? 0);
    return toRecordedEvents(rows);
  }

  /**
   * The log's tail after `after` (EventStore.readLogTail). Commits take the write lock in turn
   * and number their events from the head they find, so positions become visible in order.
   */
  async readLogTail(after: number, maxCount: number): Promise<LogTailEntry[]> {
    assertLogTailRange(after, maxCount);
    const rows = this.tailReads.limited(READ_TAIL, maxCount).all(after);
    const tail: LogTailEntry[] = new Array(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const [position, streamId, revision] = rows[index];
      tail[index] = { position, streamId, revision };
    }
    return tail;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertReadAllOptions(options);
    return this.readLog(options.after ?? 0, options.maxCount ?? -1, options);
  }

  /**
   * The events of one part of the log (see LogPartition) after `after` and up to `upTo`, in
   * position order, at most `maxCount`, as a replay reads them (sqlite-log-partition.ts).
   */
  readPartition(options: PartitionRead): ReplayedEvent[] {
    this.partitions ??= new SqliteLogPartitionReader(this.db);
    return this.partitions.read(options);
  }

  async headPosition(): Promise<number> {
    return this.statements.headPosition.get() ?? 0;
  }

  /**
   * Continues the log with another log's recorded events, verbatim (recorded-import.ts), on the
   * store's own connection: between two group commits (none starts while it runs, as it runs
   * in one synchronous stretch), so it never waits for the writer thread's lock.
   */
  async importRecorded(batch: readonly RecordedEvent[]): Promise<ChainPoint> {
    if (this.closing) throw new Error('the event store is closed');
    await this.groupCommits.settled();
    if (this.closing) throw new Error('the event store is closed');
    this.importer ??= new SqliteRecordedImport(this.db);
    const head = this.importer.import(batch);
    if (batch.length > 0) this.changes.notify();
    return head;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    if (this.closing) throw new Error('the event store is closed');
    const subscription = new LogSubscription(
      async (after, limit, filter) => this.readLogPage(after, limit, filter),
      this.changes,
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    this.pollForOtherWriters();
    void subscription.done
      .catch(() => undefined)
      .finally(() => {
        this.subscriptions.delete(subscription);
        if (this.subscriptions.size === 0) this.stopPolling();
      });
    return subscription;
  }

  async verifyIntegrity(options: VerifyIntegrityOptions = {}): Promise<ChainWalk> {
    if (this.verifier !== undefined) return this.verifier.verify(options);
    this.chainPages ??= chainPages(this.db);
    return verifyChain(this.chainPages, options);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.stopPolling();
    // Appends accepted before close() still get written and answered.
    await this.groupCommits.drain();
    await this.verifier?.close();
    this.db.close();
  }

  /**
   * A subscription's page. Filtered, it reads the head first: the page's own read sees at least
   * that far (one writer at a time gives positions in commit order), so a page that is not full
   * has read the log through the head, and the events the filter skipped are not read again.
   * One read scans at most FILTERED_SCAN_WINDOW positions: a filter that matches rarely would
   * otherwise scan a long log in one synchronous call.
   */
  private readLogPage(after: number, limit: number, filter: LogFilter): LogPage {
    if (filter.types === undefined && filter.streamPrefix === undefined)
      return pageOf(this.readLog(after, limit, filter), after);
    const head = this.statements.headPosition.get() ?? 0;
    const upTo = Math.min(head, after + FILTERED_SCAN_WINDOW);
    const page = pageOf(this.readLog(after, limit, filter, upTo), after);
    if (page.events.length === limit) return page;
    return { events: page.events, through: Math.max(upTo, page.through), reachedHead: upTo === head };
  }

  private readLog(after: number, limit: number, filter: LogFilter, upTo?: number): RecordedEvent[] {
    const types = filter.types;
    const range = filter.streamPrefix ? streamPrefixRange(filter.streamPrefix) : undefined;
    if (types !== undefined && types.length === 0) return [];
    const key = `${types?.length ?? 0}:${range ? 'prefix' : 'all'}:${upTo === undefined ? 'open' : 'upTo'}`;
    let sql = this.readLogSql.get(key);
    if (sql === undefined) {
      sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?`;
      if (upTo !== undefined) sql += ' AND position <= ?';
      if (types) sql += ` AND type IN (${types.map(() => '?').join(', ')})`;
      // Ranges on the stream id, which the (stream_id, revision) index serves.
      if (range) sql += ' AND (stream_id = ? OR (stream_id >= ? AND stream_id < ?))';
      sql += ' ORDER BY position';
      this.readLogSql.set(key, sql);
    }
    const parameters: unknown[] = upTo === undefined ? [after] : [after, upTo];
    if (types) parameters.push(...types);
    if (range) parameters.push(range.exact, range.childrenFrom, range.childrenBelow);
    return toRecordedEvents(this.reads.limited(sql, limit).all(...parameters));
  }

  observeGroupCommits(observer: GroupCommitObserver): () => void {
    return this.groupCommits.observeGroupCommits(observer);
  }

  /** Other processes' commits are invisible to this connection's own notifications. */
  private pollForOtherWriters(): void {
    if (this.pollTimer) return;
    this.lastDataVersion = this.statements.dataVersion.get() ?? 0;
    this.pollTimer = setInterval(() => {
      const version = this.statements.dataVersion.get() ?? 0;
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        this.changes.notify();
      }
    }, this.pollIntervalMs);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
