/**
 * The embedded event store: one SQLite file in WAL mode at full durability.
 *
 * Appends are validated and serialised on the caller's thread, queued, and written together in
 * one transaction (group commit): one fsync serves them all, while each append keeps its own
 * expected-revision check and its own result or error. One group is in flight at a time; the
 * appends made meanwhile form the next group, so groups grow with the load. By default the
 * group commits run in a worker thread with a write connection of its own (sqlite-writer.ts),
 * so the event loop is not blocked by COMMIT's fsync; the store's own connection serves reads.
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
  assertReadAllOptions,
  assertReadStreamOptions,
  expectedLastEventIdOf,
  prepareAppend,
} from '../event-store.validation.js';
import { verifyChain } from '../hash-chain.js';
import { LogChangeSignal, type LogPage, LogSubscription, pageOf } from '../log-subscription.js';
import { streamPrefixRange } from '../stream-prefix.js';
import { openEventsDatabase } from './sqlite-database.js';
import { AppendQueue, type PendingAppend, type QueuedAppend } from '../append-queue.js';
import { findEarlierAppend } from '../append-replay.js';
import {
  CHAIN_COLUMNS,
  EVENT_COLUMNS,
  toRecordedEvent,
  toStoredChainRow,
  type ChainRow,
  type EventRow,
} from '../event-rows.js';
import type { AppendOutcome } from './sqlite-group-commit.js';
import {
  AdaptiveGroupWriter,
  InlineGroupWriter,
  type SqliteGroupWriter,
  type SqliteWriterFaults,
  ThreadGroupWriter,
} from './sqlite-writer.js';
import {
  type GroupCommitObserver,
  GroupCommitObservers,
  type ObservableGroupCommits,
} from '../group-commit-observer.js';
import { type PartitionRead, SqliteLogPartitionReader } from './sqlite-log-partition.js';
import { SqliteRecordedImport } from './sqlite-import.js';
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
  /** The writer thread's Node options (see WriterThreadOptions.execArgv). */
  readonly writerExecArgv?: readonly string[];
  /** Test only: faults injected into group commits (SqliteWriterFault). */
  readonly writerFaults?: SqliteWriterFaults;
}

export type SqliteWriterKind = 'adaptive' | 'thread' | 'inline';
const WRITER_KINDS: readonly SqliteWriterKind[] = ['adaptive', 'thread', 'inline'];

/** The embedded store's file in its data folder. */
export const SQLITE_EVENTS_FILE = 'events.sqlite';

/** The most positions one read of a filtered subscription scans (see readLogPage). */
export const FILTERED_SCAN_WINDOW = 20_000;

export class SqliteEventStore implements EventStore, RecordedEventImporter, ObservableGroupCommits {
  readonly name = 'sqlite';
  /** Appends are checked against the stream's last event id and written in the order given. */
  readonly pipelinesAppends = true;

  private readonly statements;
  private readonly readAllStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private partitions?: SqliteLogPartitionReader;
  private importer?: SqliteRecordedImport;
  private readonly queue = new AppendQueue();
  private readonly commitObservers = new GroupCommitObservers();
  /** The group commit in flight, if any: at most one at a time. */
  private inFlight?: Promise<void>;
  private flushScheduled = false;
  private closing = false;
  private readonly changes = new LogChangeSignal();
  private readonly subscriptions = new Set<LogSubscription>();
  private pollTimer?: NodeJS.Timeout;
  private lastDataVersion: number;

  private constructor(
    private readonly db: Database.Database,
    private readonly writer: SqliteGroupWriter,
    private readonly now: () => Date,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = {
      readForwards: db
        .prepare<[string, number, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(),
      readBackwards: db
        .prepare<[string, number, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(),
      chainPage: db
        .prepare<[number, number], ChainRow>(
          `SELECT ${CHAIN_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(),
      headPosition: db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
    };
    this.lastDataVersion = this.statements.dataVersion.get() ?? 0;
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const pollIntervalMs = options.pollIntervalMs ?? 200;
    if (!(pollIntervalMs > 0)) throw new RangeError(`pollIntervalMs must be positive, not ${pollIntervalMs}`);
    const writerKind = options.writer ?? 'adaptive';
    if (!WRITER_KINDS.includes(writerKind))
      throw new RangeError(`writer must be ${WRITER_KINDS.join(', ')}, not ${String(writerKind)}`);
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
    return new SqliteEventStore(db, writer, options.now ?? (() => new Date()), pollIntervalMs);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    let append: QueuedAppend;
    try {
      const expectedLastEventId = expectedLastEventIdOf(options);
      append = {
        streamId,
        events: prepareAppend(streamId, events, options),
        expectedRevision: options.expectedRevision,
        ...(expectedLastEventId === undefined ? {} : { expectedLastEventId }),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    const result = this.queue.enqueue(append);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the current turn's microtasks: appenders woken by the previous group have
      // queued their next append by then and share this commit.
      setImmediate(() => this.flush());
    }
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (typeof streamId !== 'string')
      throw new RangeError(`stream id must be a string, not ${typeof streamId}`);
    assertReadStreamOptions(options);
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.statements.readForwards.all(streamId, options.fromRevision ?? 0, limit);
    return rows.map(toRecordedEvent);
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
    while (this.inFlight) await this.inFlight;
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
    return verifyChain(
      async (after, limit) => this.statements.chainPage.all(after, limit).map(toStoredChainRow),
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.stopPolling();
    // Appends accepted before close() still get written and answered.
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.queue.size > 0) this.flush();
      else break;
    }
    await this.writer.close();
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
    let statement = this.readAllStatements.get(key);
    if (!statement) {
      let sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?`;
      if (upTo !== undefined) sql += ' AND position <= ?';
      if (types) sql += ` AND type IN (${types.map(() => '?').join(', ')})`;
      // Ranges on the stream id, which the (stream_id, revision) index serves.
      if (range) sql += ' AND (stream_id = ? OR (stream_id >= ? AND stream_id < ?))';
      sql += ' ORDER BY position LIMIT ?';
      statement = this.db.prepare<unknown[], EventRow>(sql).raw();
      this.readAllStatements.set(key, statement);
    }
    const parameters: unknown[] = upTo === undefined ? [after] : [after, upTo];
    if (types) parameters.push(...types);
    if (range) parameters.push(range.exact, range.childrenFrom, range.childrenBelow);
    parameters.push(limit);
    return statement.all(...parameters).map(toRecordedEvent);
  }

  observeGroupCommits(observer: GroupCommitObserver): () => void {
    return this.commitObservers.observeGroupCommits(observer);
  }

  /** Sends the queued appends to the writer as one group, unless a group is in flight. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.inFlight) return;
    const group = this.queue.takeGroup();
    if (group.length === 0) return;
    this.inFlight = this.commit(group).finally(() => {
      this.inFlight = undefined;
      this.scheduleRemainder();
    });
  }

  /** Writes one group in one transaction, then answers each of its appends. */
  private async commit(group: readonly PendingAppend[]): Promise<void> {
    let outcomes: AppendOutcome[];
    const committed = this.commitObservers.start(group);
    try {
      outcomes = await this.writer.write(
        group.map(({ append }) => ({ ...append, recordedAt: this.now().toISOString() })),
      );
      committed(true);
    } catch (error) {
      committed(false);
      this.settleFailedGroup(group, error);
      return;
    }
    let wrote = false;
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if ('refused' in outcome) return pending.reject(outcome.refused);
      wrote ||= outcome.written;
      pending.resolve(outcome.result);
    });
    if (wrote) this.changes.notify();
  }

  /**
   * A group failed as a whole. Its last transaction wrote nothing, but when a writer thread died
   * before (after its COMMIT, say), an earlier attempt may have written it: each append found in
   * the log as itself answers its result (append-replay.ts); the others are rejected. No group
   * is in flight meanwhile, so this reads a settled log.
   */
  private settleFailedGroup(group: readonly PendingAppend[], failure: unknown): void {
    for (const pending of group) {
      let stored: ReturnType<typeof findEarlierAppend>;
      try {
        stored = findEarlierAppend(pending.append.streamId, pending.append.events, (id) => {
          const row = this.statements.eventById.get(id);
          return row && { streamId: row.stream_id, revision: row.revision, position: row.position };
        });
      } catch {
        // The log cannot be read either (the disk that failed the commit): the commit's error
        // is the answer.
        stored = undefined;
      }
      if (stored === undefined) pending.reject(failure);
      else if (stored instanceof Error) pending.reject(stored);
      else pending.resolve(stored);
    }
  }

  private scheduleRemainder(): void {
    if (this.queue.size > 0 && !this.flushScheduled && !this.closing) {
      // After the current turn's microtasks: appenders woken by the answers queue their next
      // append by then and share the next commit.
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
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
