/** Injection token of the read-model storage. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

/** One read-model document, stored as JSON under its projection and key. */
export interface StoredDocument {
  readonly projection: string;
  readonly key: string;
  readonly body: unknown;
}

/**
 * One row of the audit index: the columns auditors filter on, pointing at the event's global
 * position. The envelope itself stays in the log (read by position), so the index stays small
 * and a replay writes a fraction of the log's bytes.
 */
export interface AuditEntry {
  readonly position: number;
  readonly blocId: string | null;
  readonly year: number | null;
  readonly unitId: string | null;
  readonly actor: string;
  readonly type: string;
  readonly recordedAt: string;
}

/** A projection's checkpoint moving from `from` (what the projector last read) to `to`. */
export interface CheckpointAdvance {
  readonly projection: string;
  readonly from: number;
  readonly to: number;
}

/** Audit entries in ascending positions: an array, or the engine's AuditEntryBuffer. */
export interface AuditEntries extends Iterable<AuditEntry> {
  readonly length: number;
}

/** Everything one batch changes; stored atomically or not at all. */
export interface ProjectionCommit {
  readonly documents: readonly StoredDocument[];
  readonly auditEntries: AuditEntries;
  readonly checkpoints: readonly CheckpointAdvance[];
}

/** Filters of the audit index; every one is optional and they combine with AND. */
export interface AuditFilter {
  readonly blocId?: string;
  readonly year?: number;
  readonly unitId?: string;
  /** The actor's subject. */
  readonly actor?: string;
  readonly types?: readonly string[];
  /** Inclusive bounds of `recordedAt` (ISO-8601, UTC). */
  readonly from?: string;
  readonly to?: string;
  /** Exclusive cursor: only events after this global position. */
  readonly after?: number;
  readonly limit: number;
}

/** Held by the one projector allowed to write the read models. */
export interface ProjectorLock {
  /** Settles when the lock is lost (its connection died); the holder must stop writing. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/**
 * Storage of the read models. Two adapters: SQLite (one machine) and PostgreSQL (shared by
 * any number of API processes).
 */
export interface ReadModelStore {
  /** Short name for health output: `sqlite`, `postgres`. */
  readonly name: string;

  /** Checkpoint of every projection that has one (projections never run are absent). */
  checkpoints(): Promise<ReadonlyMap<string, number>>;

  /** The stored documents among `keys`; absent keys are missing from the map. */
  loadDocuments(projection: string, keys: readonly string[]): Promise<Map<string, unknown>>;

  loadDocument(projection: string, key: string): Promise<unknown>;

  /** Every document of a projection, in key order. */
  listDocuments(projection: string): Promise<StoredDocument[]>;

  /**
   * Saves a batch's documents, audit entries and checkpoints in one transaction. Throws
   * CheckpointConflictError (and saves nothing) when a checkpoint is no longer at `from`.
   */
  commit(commit: ProjectionCommit): Promise<void>;

  /** Positions of the events the audit index matches with the filter, ascending, at most `limit`. */
  searchAudit(filter: AuditFilter): Promise<number[]>;

  /**
   * The positions the audit index holds for a bloc-year, ascending, up to a bound past which
   * nothing was recorded at or before `until` (ISO-8601): what time travel to `until` must
   * read, at most. Recorded times need not grow with positions (a clock set back, concurrent
   * writers), so positions up to the bound may still be later than `until`.
   */
  blocYearPositionsUntil(blocId: string, year: number, until: string): Promise<number[]>;

  /**
   * Drops every read model and checkpoint for a replay from position 0. An adapter may defer
   * work until `finishRebuild` (PostgreSQL drops the audit table's secondary indexes: building
   * them once at the end is far cheaper than maintaining them row by row during the replay).
   */
  reset(): Promise<void>;

  /** Completes what `reset` deferred; called once the replay has reached the log's head. */
  finishRebuild(): Promise<void>;

  /**
   * Waits until this caller is the single active projector, or rejects with the signal's
   * reason once `signal` aborts.
   */
  acquireProjectorLock(signal: AbortSignal): Promise<ProjectorLock>;

  close(): Promise<void>;
}
