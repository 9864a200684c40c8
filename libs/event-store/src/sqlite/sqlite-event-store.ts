/**
 * The embedded event store: one SQLite file in WAL mode at full durability.
 *
 * better-sqlite3 is synchronous, so appends made concurrently in this process are queued and
 * written together in one transaction per turn of the event loop (group commit): one fsync
 * serves them all, while each append keeps its own expected-revision check and its own
 * result or error. Other processes may open the same file (a projector process): the write
 * lock serialises writers, positions are assigned under it, and subscriptions poll for their
 * commits.
 */
import type Database from 'better-sqlite3';
import { assertLogPartition, type LogPartition, partOf } from '../log-partition.js';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventMetadata,
  EventStore,
  ExpectedRevision,
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
  prepareAppend,
  type PreparedEvent,
} from '../event-store.validation.js';
import { GENESIS_HASH, linkHash, verifyChain, type StoredChainRow } from '../hash-chain.js';
import { LogChangeSignal, LogSubscription } from '../log-subscription.js';
import { streamPrefixRange } from '../stream-prefix.js';
import { openEventsDatabase } from './sqlite-database.js';
import { revisionMatches } from '../expected-revision.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file; created when missing. */
  readonly file: string;
  /** The clock that stamps `recordedAt`. */
  readonly now?: () => Date;
  /** How often subscriptions look for events appended by other processes (default 200 ms). */
  readonly pollIntervalMs?: number;
}

/** Appends written in one transaction at most; the rest wait for the next turn. */
const MAX_EVENTS_PER_COMMIT = 5000;

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly PreparedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** The end of the log inside a write transaction, advanced by every append that succeeds. */
interface LogHead {
  position: number;
  hash: string;
}

/** The embedded store's file in its data folder. */
export const SQLITE_EVENTS_FILE = 'events.sqlite';

/** An event row as an array (better-sqlite3's raw mode): no per-row object on the read path. */
type EventRow = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** A row as readPartition reads it: the metadata's actor subject and schema version only. */
type ReplayedRow = [
  position: number,
  type: string,
  data: string,
  actor: string,
  schemaVersion: number | null,
  recordedAt: string,
];

interface ChainRow {
  readonly position: number;
  readonly id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly hash: string;
}

const EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';

/** The domain's refusals are per append; any other error aborts the whole group. */
type AppendOutcome =
  { readonly result: AppendResult; readonly written: boolean } | { readonly refused: Error };

export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';

  private readonly statements;
  private readonly readAllStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  /** The partition temp.partition_streams holds the streams of, and up to which position. */
  private partitionStreams?: {
    readonly partition: LogPartition;
    readonly upTo: number;
    readonly read: Database.Statement<[number, number, number], ReplayedRow>;
  };
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closing = false;
  private readonly changes = new LogChangeSignal();
  private readonly subscriptions = new Set<LogSubscription>();
  private pollTimer?: NodeJS.Timeout;
  private lastDataVersion: number;

  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      lastEvent: db.prepare<[], { position: number; hash: string }>(
        'SELECT position, hash FROM events ORDER BY position DESC LIMIT 1',
      ),
      streamRevision: db
        .prepare<[string], number | null>('SELECT max(revision) FROM events WHERE stream_id = ?')
        .pluck(),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: db.prepare<[number, string, string, number, string, string, string, string, string]>(
        `INSERT INTO events (${EVENT_COLUMNS}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
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
      chainPage: db.prepare<[number, number], ChainRow>(
        `SELECT ${EVENT_COLUMNS}, hash FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      ),
      headPosition: db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.lastDataVersion = this.statements.dataVersion.get() ?? 0;
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const pollIntervalMs = options.pollIntervalMs ?? 200;
    if (!(pollIntervalMs > 0)) throw new RangeError(`pollIntervalMs must be positive, not ${pollIntervalMs}`);
    return new SqliteEventStore(
      openEventsDatabase(options.file),
      options.now ?? (() => new Date()),
      pollIntervalMs,
    );
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    let prepared: PreparedEvent[];
    try {
      prepared = prepareAppend(streamId, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: prepared, expected: options.expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the current turn's microtasks: appenders woken by the previous group have
        // queued their next append by then and share this commit.
        setImmediate(() => this.flush());
      }
    });
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
   * position order, at most `maxCount`, as a replay reads them (ReplayedEvent: SQLite takes
   * the actor's subject and the schema version out of the metadata, which is not parsed). The
   * key of each stream is computed once, into a temporary table of the part's streams; SQLite
   * then keeps the part's rows by that table as it scans, so the rows of other parts never
   * reach JavaScript: N readers of N parts parse the log once between them (each still scans
   * the whole table).
   */
  readPartition(options: {
    readonly after: number;
    readonly upTo: number;
    readonly maxCount: number;
    readonly partition: LogPartition;
  }): ReplayedEvent[] {
    const { partition } = options;
    assertLogPartition(partition);
    if (this.partitionStreams?.partition !== partition || this.partitionStreams.upTo < options.upTo) {
      this.selectPartitionStreams(partition, options.upTo);
    }
    return this.partitionStreams!.read.all(options.after, options.upTo, options.maxCount).map(
      toReplayedEvent,
    );
  }

  /** Fills temp.partition_streams with the streams of `partition` that hold events up to `upTo`. */
  private selectPartitionStreams(partition: LogPartition, upTo: number): void {
    const streams = this.db
      .prepare<[number], string>('SELECT DISTINCT stream_id FROM events WHERE position <= ?')
      .pluck()
      .all(upTo);
    this.db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS partition_streams (stream_id TEXT PRIMARY KEY) WITHOUT ROWID',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM temp.partition_streams').run();
      const insert = this.db.prepare('INSERT INTO temp.partition_streams (stream_id) VALUES (?)');
      for (const streamId of streams) {
        if (partOf(partition.keyOf(streamId), partition.parts) === partition.part) insert.run(streamId);
      }
    })();
    const read = this.db
      .prepare<[number, number, number], ReplayedRow>(
        "SELECT position, type, data, metadata ->> '$.actor.sub', metadata ->> '$.schemaVersion', recorded_at" +
          ' FROM events WHERE position > ? AND position <= ?' +
          ' AND +stream_id IN temp.partition_streams ORDER BY position LIMIT ?',
      )
      .raw();
    this.partitionStreams = { partition, upTo, read };
  }

  async headPosition(): Promise<number> {
    return this.statements.headPosition.get() ?? 0;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    if (this.closing) throw new Error('the event store is closed');
    const subscription = new LogSubscription(
      async (after, limit, filter) => this.readLog(after, limit, filter),
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
    while (this.queue.length > 0) this.flush();
    this.db.close();
  }

  private readLog(after: number, limit: number, filter: LogFilter): RecordedEvent[] {
    const types = filter.types;
    const range = filter.streamPrefix ? streamPrefixRange(filter.streamPrefix) : undefined;
    if (types !== undefined && types.length === 0) return [];
    const key = `${types?.length ?? 0}:${range ? 'prefix' : 'all'}`;
    let statement = this.readAllStatements.get(key);
    if (!statement) {
      let sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?`;
      if (types) sql += ` AND type IN (${types.map(() => '?').join(', ')})`;
      // Ranges on the stream id, which the (stream_id, revision) index serves.
      if (range) sql += ' AND (stream_id = ? OR (stream_id >= ? AND stream_id < ?))';
      sql += ' ORDER BY position LIMIT ?';
      statement = this.db.prepare<unknown[], EventRow>(sql).raw();
      this.readAllStatements.set(key, statement);
    }
    const parameters: unknown[] = [after];
    if (types) parameters.push(...types);
    if (range) parameters.push(range.exact, range.childrenFrom, range.childrenBelow);
    parameters.push(limit);
    return statement.all(...parameters).map(toRecordedEvent);
  }

  /** Writes the queued appends in one transaction, then answers each of them. */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.takeGroup();
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.writeGroup(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      this.scheduleRemainder();
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
    this.scheduleRemainder();
  }

  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (
      count < this.queue.length &&
      (count === 0 || events + this.queue[count].events.length <= MAX_EVENTS_PER_COMMIT)
    ) {
      events += this.queue[count].events.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private scheduleRemainder(): void {
    if (this.queue.length > 0 && !this.flushScheduled && !this.closing) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private writeGroup(group: readonly PendingAppend[]): AppendOutcome[] {
    const { begin, commit, rollback, lastEvent } = this.statements;
    begin.run();
    try {
      const last = lastEvent.get();
      const head: LogHead = { position: last?.position ?? 0, hash: last?.hash ?? GENESIS_HASH };
      const outcomes = group.map((pending) => this.writeAppend(pending, head));
      commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      throw error;
    }
  }

  private writeAppend(pending: PendingAppend, head: LogHead): AppendOutcome {
    const { streamId, expected } = pending;
    const current = this.statements.streamRevision.get(streamId) ?? -1;
    try {
      if (!revisionMatches(expected, current)) {
        const replayed = this.findReplay(pending);
        if (replayed) return { result: replayed, written: false };
        throw new WrongExpectedRevisionError(streamId, expected, current);
      }
      return { result: this.insert(pending, current, head), written: true };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyViolationError)
        return { refused: error };
      throw error;
    }
  }

  private insert(pending: PendingAppend, current: number, head: LogHead): AppendResult {
    const { savepoint, release, rollbackToSavepoint, insert } = this.statements;
    const recordedAt = this.now().toISOString();
    // One INSERT is atomic by itself; several need a savepoint so that a failure undoes this
    // append alone and not its neighbours in the group.
    const undoable = pending.events.length > 1;
    let { position, hash } = head;
    let revision = current;
    if (undoable) savepoint.run();
    try {
      for (const event of pending.events) {
        position++;
        revision++;
        hash = linkHash(hash, {
          id: event.id,
          streamId: pending.streamId,
          revision,
          position,
          type: event.type,
          dataJson: event.dataJson,
          metadataJson: event.metadataJson,
          recordedAt,
        });
        insert.run(
          position,
          event.id,
          pending.streamId,
          revision,
          event.type,
          event.dataJson,
          event.metadataJson,
          recordedAt,
          hash,
        );
      }
      if (undoable) release.run();
    } catch (error) {
      if (undoable) {
        rollbackToSavepoint.run();
        release.run();
      }
      // An id already stored: either a replay of an earlier append or a refused overlap.
      if (isUniqueViolation(error)) {
        const replayed = this.findReplay(pending);
        if (replayed) return replayed;
      }
      throw error;
    }
    head.position = position;
    head.hash = hash;
    return { nextExpectedRevision: revision, position };
  }

  /**
   * The original result when every id of the append is stored, in this stream, in this
   * order; undefined when none is stored; IdempotencyViolationError for anything between.
   */
  private findReplay(pending: PendingAppend): AppendResult | undefined {
    const stored = pending.events.map((event) => this.statements.eventById.get(event.id));
    if (stored.every((row) => row === undefined)) return undefined;
    const first = stored[0];
    const isReplay =
      first !== undefined &&
      stored.every(
        (row, index) =>
          row !== undefined && row.stream_id === pending.streamId && row.revision === first.revision + index,
      );
    if (!isReplay) {
      throw new IdempotencyViolationError(
        `stream ${pending.streamId}: some event ids of this append are already stored, ` +
          'but not as this same append to this stream',
      );
    }
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
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

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toRecordedEvent([
  position,
  id,
  streamId,
  revision,
  type,
  data,
  metadata,
  recordedAt,
]: EventRow): RecordedEvent {
  return {
    id,
    streamId,
    revision,
    position,
    type,
    data: JSON.parse(data),
    metadata: JSON.parse(metadata) as EventMetadata,
    recordedAt,
  };
}

function toReplayedEvent([
  position,
  type,
  data,
  actor,
  schemaVersion,
  recordedAt,
]: ReplayedRow): ReplayedEvent {
  return {
    position,
    type,
    data: JSON.parse(data),
    metadata: { actor: { sub: actor }, schemaVersion: schemaVersion ?? undefined },
    recordedAt,
  };
}

function toStoredChainRow(row: ChainRow): StoredChainRow {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: parseStored(row.data),
    metadata: parseStored(row.metadata),
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

/** Stored text that is no longer JSON was tampered with; verification reports it as broken. */
function parseStored(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
