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
 * check, its own idempotency check and its own result or error (see postgres-append-plan.ts);
 * 64 concurrent appenders pay a handful of commits, not 64.
 *
 * Live subscriptions are woken by LISTEN/NOTIFY (the NOTIFY is sent inside the append
 * transaction, so it is delivered only on commit) and, as a fallback for a lost listener
 * connection, by polling the head position while subscriptions run.
 */
import { createHash } from 'node:crypto';
import { Client, escapeIdentifier, escapeLiteral, Pool, type Notification, type PoolClient, type QueryResult } from 'pg';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventMetadata,
  EventStore,
  ChainWalk,
  LogFilter,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyIntegrityOptions,
} from '../event-store.port.js';
import { GENESIS_HASH, linkHash, verifyChain, type StoredChainRow } from '../hash-chain.js';
import { assertReadAllOptions, assertReadStreamOptions, assertStreamId, prepareAppend } from '../event-store.validation.js';
import { LogChangeSignal, LogSubscription } from '../log-subscription.js';
import { streamPrefixRange } from '../stream-prefix.js';
import { planGroupCommit, type AppendOutcome, type LogState, type QueuedAppend, type StoredId } from './postgres-append-plan.js';

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
/** Upper bound of events in one group commit, to keep a transaction's statements small. */
const MAX_GROUP_EVENTS = 5000;
/** First key of the store's advisory locks (ASCII "EVST"); the second is derived from the schema. */
const LOCK_NAMESPACE = 0x45565354;
const VERIFY_PAGE_SIZE = 1000;

interface PendingAppend {
  readonly append: QueuedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface LogStateRow {
  kind: 'head' | 'id' | 'stream';
  id: string | null;
  stream_id: string | null;
  revision: string | null;
  position: string | null;
  hash: string | null;
}

interface EventRow {
  position: string;
  id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: Date;
  hash: string;
}

const EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at, hash';

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';

  private readonly table: string;
  /** Second key of the advisory locks: one lock per schema, so separate logs never contend. */
  private readonly lockKey: number;
  private readonly channel: string;
  private readonly queue: PendingAppend[] = [];
  private committing?: Promise<void>;
  private readonly changes = new LogChangeSignal();
  private readonly subscriptions = new Set<Subscription>();
  private listener?: Promise<ListenerConnection | undefined>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private polling = false;
  private lastSeenHead = 0;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    private readonly connectionString: string | undefined,
    readonly schema: string,
    private readonly now: () => Date,
    private readonly pollIntervalMs: number,
  ) {
    this.table = `${escapeIdentifier(schema)}.events`;
    const digest = createHash('sha256').update(schema).digest();
    this.lockKey = digest.readInt32BE(0);
    this.channel = `event_store_${digest.toString('hex').slice(0, 16)}`;
  }

  /** Connects and creates the schema and its table when missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    if (!options.pool && !options.connectionString) {
      throw new Error('PostgresEventStore needs a connectionString or a pool');
    }
    const pool = options.pool ?? new Pool({ connectionString: options.connectionString, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
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
      await store.createSchema();
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
      const append: QueuedAppend = { streamId, expectedRevision: options.expectedRevision, events: prepared };
      return new Promise((resolve, reject) => {
        this.queue.push({ append, resolve, reject });
        this.startGroupCommits();
      });
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
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table}
        WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions(options);
    return this.readLog(options.after ?? 0, options.maxCount ?? null, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM ${this.table}`,
    );
    return Number(rows[0].head);
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    assertReadAllOptions({ after: options.after, types: options.types, streamPrefix: options.streamPrefix });
    const listening = this.ensureListener();
    const readPage = async (after: number, limit: number, filter: LogFilter) => {
      // Read only once LISTEN is in place, so that no commit after the first read goes unnoticed.
      await listening;
      return this.readLog(after, limit, filter);
    };
    const subscription = new LogSubscription(readPage, this.changes, options, handler);
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    this.startPolling();
    return subscription;
  }

  async verifyIntegrity(options: VerifyIntegrityOptions = {}): Promise<ChainWalk> {
    this.assertOpen();
    return verifyChain(async (after, limit) => {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, limit],
      );
      return rows.map(toStoredChainRow);
    }, { ...options, pageSize: VERIFY_PAGE_SIZE });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.pollTimer) clearInterval(this.pollTimer);
    // Appends already queued still commit: their callers are waiting for an answer.
    while (this.committing) await this.committing;
    const listener = await this.listener;
    await listener?.close();
    if (this.ownsPool) await this.pool.end();
  }

  // --- appends -----------------------------------------------------------------------------

  /** Runs one group commit after another while appends are queued; at most one at a time. */
  private startGroupCommits(): void {
    if (this.committing || this.queue.length === 0) return;
    this.committing = this.runGroupCommits();
  }

  private async runGroupCommits(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitGroup(this.takeGroup());
    } finally {
      // Cleared in the same turn as the last queue check, so an append queued later starts anew.
      this.committing = undefined;
    }
  }

  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events + this.queue[count].append.events.length <= MAX_GROUP_EVENTS)) {
      events += this.queue[count].append.events.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** One transaction for the whole group; settles every append of it, never throws. */
  private async commitGroup(group: readonly PendingAppend[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    let outcomes: AppendOutcome[];
    let connectionBroken: Error | undefined;
    try {
      const { state, head } = await this.beginAndReadLogState(client, group);
      outcomes = planGroupCommit(
        group.map((pending) => pending.append),
        state,
        head.position + 1,
      );
      const rows = outcomes.flatMap((outcome) => (outcome.kind === 'write' ? outcome.rows : []));
      if (rows.length > 0) {
        const recordedAt = this.now().toISOString();
        let previousHash = head.hash;
        const hashes = rows.map((row) => {
          previousHash = linkHash(previousHash, {
            id: row.event.id,
            streamId: row.streamId,
            revision: row.revision,
            position: row.position,
            type: row.event.type,
            dataJson: row.event.dataJson,
            metadataJson: row.event.metadataJson,
            recordedAt,
          });
          return previousHash;
        });
        await client.query(
          `WITH inserted AS (
             INSERT INTO ${this.table} (${EVENT_COLUMNS})
             SELECT position, id, stream_id, revision, type, data, metadata, $8::timestamptz, hash
               FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $9::text[])
                 AS row (position, id, stream_id, revision, type, data, metadata, hash)
           )
           SELECT pg_notify($10, $11)`,
          [
            rows.map((row) => row.position),
            rows.map((row) => row.event.id),
            rows.map((row) => row.streamId),
            rows.map((row) => row.revision),
            rows.map((row) => row.event.type),
            rows.map((row) => row.event.dataJson),
            rows.map((row) => row.event.metadataJson),
            recordedAt,
            hashes,
            this.channel,
            String(rows[rows.length - 1].position),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      connectionBroken = await rollback(client);
      for (const pending of group) pending.reject(error);
      return;
    } finally {
      client.release(connectionBroken);
    }

    outcomes.forEach((outcome, index) => settle(group[index], outcome));
    if (outcomes.some((outcome) => outcome.kind === 'write')) this.changes.notify();
  }

  /**
   * Opens the group's transaction, takes the append lock and then reads the head and what the
   * group's appends need, in one round trip: a multi-statement simple query, whose values are
   * therefore literals (validated UUIDs and stream ids quoted by pg's escapeLiteral). The read is
   * a statement of its own after the lock, so its snapshot includes every earlier commit.
   */
  private async beginAndReadLogState(
    client: PoolClient,
    group: readonly PendingAppend[],
  ): Promise<{ state: LogState; head: { position: number; hash: string } }> {
    const ids = group.flatMap((pending) => pending.append.events.map((event) => escapeLiteral(event.id)));
    const streams = [...new Set(group.map((pending) => pending.append.streamId))].map(escapeLiteral);
    const results = (await client.query(
      `BEGIN;
       SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${this.lockKey});
       (SELECT 'head' AS kind, NULL::text AS id, NULL::text AS stream_id, NULL::bigint AS revision, position, hash
          FROM ${this.table} ORDER BY position DESC LIMIT 1)
       UNION ALL
       SELECT 'id', id::text, stream_id, revision, position, NULL
         FROM ${this.table} WHERE id = ANY(ARRAY[${ids.join(',')}]::uuid[])
       UNION ALL
       SELECT 'stream', NULL, stream.id, last.revision, NULL, NULL
         FROM unnest(ARRAY[${streams.join(',')}]::text[]) AS stream (id)
         CROSS JOIN LATERAL (
           SELECT revision FROM ${this.table} WHERE stream_id = stream.id ORDER BY revision DESC LIMIT 1
         ) AS last`,
    )) as unknown as QueryResult<LogStateRow>[];
    const { rows } = results[results.length - 1];
    const head = { position: 0, hash: GENESIS_HASH };
    const state: LogState = { streamRevisions: new Map(), storedIds: new Map<string, StoredId>() };
    for (const row of rows) {
      if (row.kind === 'head') {
        head.position = Number(row.position);
        head.hash = row.hash as string;
      } else if (row.kind === 'id') {
        state.storedIds.set(row.id as string, {
          streamId: row.stream_id as string,
          revision: Number(row.revision),
          position: Number(row.position),
        });
      } else {
        state.streamRevisions.set(row.stream_id as string, Number(row.revision));
      }
    }
    return { state, head };
  }

  // --- reads and live delivery ---------------------------------------------------------------

  private async readLog(after: number, limit: number | null, filter: LogFilter): Promise<RecordedEvent[]> {
    // A prefix selects whole segments (stream-prefix.ts); stream_id is COLLATE "C", so the
    // range compares code points, as the prefix range is defined.
    const range = filter.streamPrefix === undefined ? undefined : streamPrefixRange(filter.streamPrefix);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table}
        WHERE position > $1
          AND ($2::text[] IS NULL OR type = ANY($2::text[]))
          AND ($3::text IS NULL OR stream_id = $3::text OR (stream_id >= $4::text AND stream_id < $5::text))
        ORDER BY position LIMIT $6`,
      [
        after,
        filter.types ? [...filter.types] : null,
        range?.exact ?? null,
        range?.childrenFrom ?? null,
        range?.childrenBelow ?? null,
        limit,
      ],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * LISTEN on a connection of its own; resolves undefined when that fails, and the next poll
   * tries again (meanwhile polling delivers).
   */
  private ensureListener(): Promise<ListenerConnection | undefined> {
    this.listener ??= ListenerConnection.open(this.pool, this.connectionString, this.channel, {
      onNotification: () => this.changes.notify(),
      onLost: () => {
        this.listener = undefined;
        // Whatever was committed while the connection was down is read at once.
        this.changes.notify();
      },
    }).catch(() => {
      this.listener = undefined;
      return undefined;
    });
    return this.listener;
  }

  /**
   * While subscriptions run, checks the head every poll interval: catches commits whose
   * notification was lost (a listener connection that dropped) without waking anyone for nothing.
   */
  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.pollHead(), this.pollIntervalMs);
    this.pollTimer.unref();
  }

  private async pollHead(): Promise<void> {
    if (this.polling || this.closed || this.subscriptions.size === 0) return;
    this.polling = true;
    try {
      void this.ensureListener();
      const head = await this.headPosition();
      if (head !== this.lastSeenHead) {
        this.lastSeenHead = head;
        this.changes.notify();
      }
    } catch {
      // The next tick tries again; a read error that persists surfaces in the subscriptions.
    } finally {
      this.polling = false;
    }
  }

  // --- schema --------------------------------------------------------------------------------

  private async createSchema(): Promise<void> {
    const client = await this.pool.connect();
    let connectionBroken: Error | undefined;
    try {
      // Two processes opening a new store at once would race on CREATE ... IF NOT EXISTS.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE + 1}, ${this.lockKey})`);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(this.schema)};
        CREATE TABLE IF NOT EXISTS ${this.table} (
          position    bigint      PRIMARY KEY,
          id          uuid        NOT NULL UNIQUE,
          stream_id   text        COLLATE "C" NOT NULL,
          revision    bigint      NOT NULL,
          type        text        NOT NULL,
          -- The canonical JSON text as hashed: text, not jsonb, so it reads back byte-for-byte.
          data        text        NOT NULL,
          metadata    text        NOT NULL,
          recorded_at timestamptz NOT NULL,
          hash        text        NOT NULL,
          UNIQUE (stream_id, revision)
        );
        CREATE INDEX IF NOT EXISTS events_by_type ON ${this.table} (type, position);
      `);
      await client.query('COMMIT');
    } catch (error) {
      connectionBroken = await rollback(client);
      throw error;
    } finally {
      client.release(connectionBroken);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the PostgreSQL event store is closed');
  }
}

/** The dedicated connection that LISTENs for appends committed by any process. */
class ListenerConnection {
  private closing = false;

  private constructor(
    private readonly client: Client | PoolClient,
    private readonly release: () => Promise<void>,
  ) {}

  static async open(
    pool: Pool,
    connectionString: string | undefined,
    channel: string,
    events: { onNotification: (notification: Notification) => void; onLost: () => void },
  ): Promise<ListenerConnection> {
    let client: Client | PoolClient;
    let release: () => Promise<void>;
    if (connectionString) {
      const own = new Client({ connectionString });
      await own.connect();
      client = own;
      release = () => own.end();
    } else {
      // Without a connection string, borrow a pool client for good and give it back broken,
      // so the pool never hands a LISTENing connection to anyone else.
      const borrowed = await pool.connect();
      client = borrowed;
      release = async () => borrowed.release(true);
    }
    const connection = new ListenerConnection(client, release);
    client.on('notification', events.onNotification);
    client.on('error', () => {
      if (connection.closing) return;
      connection.closing = true;
      void release().catch(() => undefined);
      events.onLost();
    });
    try {
      await client.query(`LISTEN ${escapeIdentifier(channel)}`);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
    return connection;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.release().catch(() => undefined);
  }
}

function settle(pending: PendingAppend, outcome: AppendOutcome): void {
  switch (outcome.kind) {
    case 'write': {
      const last = outcome.rows[outcome.rows.length - 1];
      pending.resolve({ nextExpectedRevision: last.revision, position: last.position });
      return;
    }
    case 'duplicate':
      pending.resolve(outcome.result);
      return;
    case 'refused':
      pending.reject(outcome.error);
      return;
    default: {
      const unexpected: never = outcome;
      throw new Error(`unexpected append outcome ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Rolls back; returns the error when the connection itself is unusable, so the pool drops it. */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}

function toStoredChainRow(row: EventRow): StoredChainRow {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    data: parseOrUndefined(row.data),
    metadata: parseOrUndefined(row.metadata),
    recordedAt: row.recorded_at.toISOString(),
    hash: row.hash,
  };
}

/** Stored text that no longer parses was altered; the chain check reports it rather than crashing. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
