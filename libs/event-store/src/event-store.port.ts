/**
 * The event store port. Every adapter (SQLite, PostgreSQL, EventStoreDB) implements it and
 * passes the shared contract suite (`contract/event-store.contract.ts`).
 */

/** Injection token of the event store. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Who caused an event: the authenticated principal. */
export interface Actor {
  readonly sub: string;
  readonly name?: string;
  readonly role: 'board' | 'unit' | 'auditor' | 'system';
  readonly unit?: string;
  /** The province a board or auditor principal is scoped to; absent: national. */
  readonly province?: string;
}

/** Why and by whom an event was written. */
export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly reason?: string;
  /** Version of the event's data schema, for upcasting; 1 when absent. */
  readonly schemaVersion?: number;
}

/** An event to append. `id` is a UUID chosen by the caller; appending it again is idempotent. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** An event as stored: the envelope every reader sees. */
export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based position of the event within its stream. */
  readonly revision: number;
  /** 1-based position of the event in the global log; strictly increasing in commit order. */
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** When the store recorded the event (ISO-8601, UTC, millisecond precision). */
  readonly recordedAt: string;
}

/**
 * What a replay of read models reads of a recorded event (SqliteEventStore.readPartition): no
 * id or stream revision, and of its metadata only the actor's subject and the data's schema
 * version. A RecordedEvent is one.
 */
export interface ReplayedEvent {
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly actor: Pick<Actor, 'sub'>; readonly schemaVersion?: number };
  readonly recordedAt: string;
}

/**
 * The expected state of a stream before an append:
 * - `no_stream`: the stream must not exist;
 * - `any`: no check;
 * - `exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /**
   * Pipelining: the id of the stream's last event as the append was decided, which must still
   * be the stream's last event when the append is written (with `no_stream`, leave it out). A
   * command decided on top of an append still waiting for its commit names that append's last
   * event: if that append is refused or fails, and another writer's event takes its revision,
   * the revision alone would match, the id does not. Only stores whose `pipelinesAppends` is
   * true take it; the others throw a RangeError when it is given.
   */
  readonly expectedLastEventId?: string;
}

export interface AppendResult {
  /** Revision of the last event of this append in its stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  readonly position: number;
}

/** Where one event of the log went (EventStore.readLogTail). */
export interface LogTailEntry {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; defaults to the first (forwards) or the last (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface LogFilter {
  /** Only events of these types. */
  readonly types?: readonly string[];
  /**
   * Only events of this stream and the streams below it: ids equal to the prefix or starting
   * with the prefix and `:` (`cycle-a:2017` selects `cycle-a:2017:u1`, not `cycle-a:20170`).
   * Every character is literal. See `stream-prefix.ts`.
   */
  readonly streamPrefix?: string;
}

export interface ReadAllOptions extends LogFilter {
  /** Exclusive: events with a position greater than this; 0 (default) reads from the start. */
  readonly after?: number;
  /** At most this many events; all of them when absent. */
  readonly maxCount?: number;
}

export interface SubscribeOptions extends LogFilter {
  /** Exclusive checkpoint: delivery starts with the first event after this position. */
  readonly after: number;
  /** Upper bound of events handed to the handler at once (default 500). */
  readonly batchSize?: number;
}

/**
 * Receives events in global order, in batches. The next batch is delivered only after the
 * returned promise resolves; a rejection stops the subscription with that error.
 */
export type BatchHandler = (events: readonly RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running any more. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects when it failed. */
  readonly done: Promise<void>;
}

/**
 * Why a log does not verify, as a stable short code:
 * - `altered`: an event's hash does not match its content and its predecessor's hash;
 * - `missing`: a position (or, on EventStoreDB, a stream revision) is absent below the head;
 * - `truncated`: the log ends before a signed (or trusted) head;
 * - `head-mismatch`: a signed head's hash differs from the log's hash at its position;
 * - `bad-signature`: a head's signature does not verify with this server's key;
 * - `saved-head-mismatch`: the log does not hold exactly the head an auditor saved.
 */
export type IntegrityFailure =
  'altered' | 'missing' | 'truncated' | 'head-mismatch' | 'bad-signature' | 'saved-head-mismatch';

/** A point of the chain: a global position and the chain hash of the event there (genesis: 0). */
export interface ChainPoint {
  readonly position: number;
  readonly hash: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly checked: number;
  /**
   * Global position of the first event whose hash or link does not verify or, where events
   * were removed, the first missing position.
   */
  readonly brokenAt?: number;
  readonly reason?: IntegrityFailure;
  /**
   * The last link the walk verified: the log's head when the chain is intact (position 0 and
   * the genesis hash for an empty log).
   */
  readonly head: ChainPoint;
}

/** What a walk of the chain may also do besides checking every link. */
export interface VerifyIntegrityOptions {
  /** Positions whose stored hash and recordedAt the walk reports in `links` (the signed heads'). */
  readonly keep?: Iterable<number>;
  /**
   * Walk only from this trusted point on (the last signed head): the event at its position
   * must still carry its hash, and every later event must chain to it. Events before it are
   * not re-checked.
   */
  readonly from?: ChainPoint;
  /**
   * Walk no further than this position: the report covers the chain from its start (or `from`)
   * through it, and its head is the last link at or before it.
   */
  readonly through?: number;
}

/** A stored link as a walk reports it. */
export interface ChainLinkAt extends ChainPoint {
  readonly recordedAt: string;
}

/** The outcome of one walk of the chain. */
export interface ChainWalk extends IntegrityReport {
  /** The kept positions that the walk reached, and the head (when the log is not empty). */
  readonly links: ReadonlyMap<number, ChainLinkAt>;
}

export interface EventStore {
  /** Short name for health output: `sqlite`, `postgres`, `eventstoredb`. */
  readonly name: string;

  /**
   * True when `append` checks `expectedLastEventId` in the same transaction as the expected
   * revision, and writes the appends it was given in the order it was given them, so that a
   * writer may append on top of its own appends before they are durable (see AppendOptions).
   */
  readonly pipelinesAppends?: boolean;

  /**
   * Appends events to one stream atomically. Throws WrongExpectedRevisionError (and writes
   * nothing) when the stream's state does not match. Appending events whose ids were
   * already appended to this stream in the same order returns the original result and
   * writes nothing.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;

  /** Reads one stream; an unknown stream yields an empty array. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Reads a page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Global position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;

  /**
   * Optional: the stream and revision of each event after position `after`, in position order,
   * at most `maxCount` of them: what the log gained, without the events themselves. The write
   * side asks it once per turn of the event loop instead of reading every stream its commands
   * take as context (apps/api/src/write/stream-folds.ts). A store offers it only when its
   * positions become visible in order (no event is seen after an event at a higher position).
   */
  readLogTail?(after: number, maxCount: number): Promise<LogTailEntry[]>;

  /** Catches up from a checkpoint, then delivers new events live; no gap, no duplicate. */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription;

  /**
   * Walks the tamper-evidence hash chain of the global log. The signed heads are checked
   * on top of this walk (signed-head.ts: checkSignedHeads).
   */
  verifyIntegrity(options?: VerifyIntegrityOptions): Promise<ChainWalk>;

  close(): Promise<void>;
}
