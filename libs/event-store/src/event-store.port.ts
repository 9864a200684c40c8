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
}

export interface AppendResult {
  /** Revision of the last event of this append in its stream. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  readonly position: number;
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

export interface IntegrityReport {
  readonly ok: boolean;
  readonly checked: number;
  /**
   * Global position of the first event whose hash or link does not verify or, where events
   * were removed, the first missing position.
   */
  readonly brokenAt?: number;
}

export interface EventStore {
  /** Short name for health output: `sqlite`, `postgres`, `eventstoredb`. */
  readonly name: string;

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

  /** Catches up from a checkpoint, then delivers new events live; no gap, no duplicate. */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription;

  /** Walks the tamper-evidence hash chain of the global log. */
  verifyIntegrity(): Promise<IntegrityReport>;

  close(): Promise<void>;
}
