import type { DomainEvent } from '@app/domain';
import type { EventStore, ReplayedEvent, Subscription } from '@app/event-store';
import { AuditEntryBuffer } from '../audit/audit-entry-buffer.js';
import { AUDIT_PROJECTION, auditEntryOf } from '../audit/audit.projection.js';
import { domainEventOf, evolveRun, forEachRun, type DocumentProjection } from '../projection.js';
import { CheckpointConflictError, ProjectionLagError } from '../projection.errors.js';
import { documentProjections } from '../read-model-projections.js';
import type {
  CheckpointAdvance,
  ProjectorLock,
  ReadModelStore,
  StoredDocument,
} from '../storage/read-model-store.port.js';
import { DocumentCache } from './document-cache.js';

/** Injection token of the projection engine. */
export const PROJECTION_ENGINE = Symbol('PROJECTION_ENGINE');

export interface ProjectionEngineOptions {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  /** The document read models to maintain; default: all of them. */
  readonly projections?: readonly DocumentProjection<unknown>[];
  /** Most events the subscription hands over at once (batches fill up only while catching up). Default 1,000. */
  readonly batchSize?: number;
  /**
   * Most events whose audit entries one read-model transaction holds while catching up
   * (many full batches: the audit index writes a chunk per term and commit). Default 100,000.
   */
  readonly maxEventsPerCommit?: number;
  /**
   * While catching up, changed documents stay in memory (their checkpoints behind with them)
   * until this many are pending, then all of them are committed at once: a busy document is
   * written once per flush rather than once per commit. Bounds the replay's memory (a
   * bloc-year's standings take tens of KiB in memory; a year of 500 blocs touches about
   * 2,000 documents, so the default flushes about every second year of such a log).
   * Default 4,000.
   */
  readonly maxPendingDocuments?: number;
  /** Committed documents kept in memory between batches. Default 2,500. */
  readonly cacheSize?: number;
  /** Pause before retrying after a failure. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /** How often a process that is not the projector reads the stored checkpoints. Default 25 ms. */
  readonly pollIntervalMs?: number;
  /** Told about every failure of the projector (it retries on its own). */
  readonly onError?: (error: unknown) => void;
}

/** The checkpoint names of an engine maintaining these projections and the audit index. */
export function checkpointNames(
  projections: readonly DocumentProjection<unknown>[] = documentProjections,
): string[] {
  return [...projections.map((projection) => projection.name), AUDIT_PROJECTION];
}

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  /** Events in the log the projection has not applied yet. */
  readonly lag: number;
}

// Small enough that a replayed batch and its audit entries die young: with pages of 5,000
// events and commits of 50,000, most of them survived into the old generation, and garbage
// collection took a fifth of a rebuild.
export const DEFAULT_BATCH_SIZE = 1_000;
export const DEFAULT_MAX_EVENTS_PER_COMMIT = 100_000;
export const DEFAULT_MAX_PENDING_DOCUMENTS = 4_000;

/** Changes folded in memory and not committed yet (see `apply`). */
interface PendingCommit {
  /** Changed documents per projection and key. */
  readonly documents: Map<string, Map<string, unknown>>;
  /** Entries of `documents`, all projections together. */
  documentCount: number;
  auditEntries: AuditEntryBuffer;
  /** How far each projection has folded the log, committed or not. */
  readonly applied: Map<string, number>;
}

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
}

/**
 * Keeps the read models up to date from the event store's subscription, and only from it:
 * nothing is ever pushed in-process after a save, so a crash loses nothing. A batch's
 * documents, audit entries and checkpoints are stored in one transaction (while catching up,
 * transactions cover several batches, and the documents are stored less often than the audit
 * entries, each with the checkpoints of what it stores), and events at or below a
 * projection's checkpoint are skipped, so a replayed batch changes nothing.
 */
export class ProjectionEngine {
  private readonly store: EventStore;
  private readonly readModels: ReadModelStore;
  private readonly projections: readonly DocumentProjection<unknown>[];
  private readonly names: readonly string[];
  private readonly cache: DocumentCache;
  /** Checkpoints as last committed by this engine or read from storage. */
  private positions = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly failureListeners = new Set<(error: unknown) => void>();
  private running?: { readonly abort: AbortController; readonly loop: Promise<void> };
  private active = false;
  private polling = false;
  private pending?: PendingCommit;
  /**
   * Projections that had no documents when this engine took over the read models (checkpoint
   * 0: documents are only ever stored with their projection's checkpoint past 0), with the keys
   * this engine has stored since: any other key is absent, without asking the storage. A
   * replay into empty read models then never reads a document back.
   */
  private fromEmpty = new Map<string, Set<string>>();

  constructor(private readonly options: ProjectionEngineOptions) {
    this.store = options.store;
    this.readModels = options.readModels;
    this.projections = options.projections ?? documentProjections;
    this.names = checkpointNames(this.projections);
    this.cache = new DocumentCache(options.cacheSize ?? 2_500);
  }

  /** Starts projecting in the background (once this process holds the projector lock). */
  start(): void {
    if (this.running !== undefined) return;
    const abort = new AbortController();
    this.running = { abort, loop: this.run(abort.signal) };
  }

  /** Stops projecting; resolves once no batch is being applied and the lock is released. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.abort.abort(new Error('projection engine stopped'));
    await running.loop;
    this.running = undefined;
  }

  /** Whether this process currently holds the projector lock and applies the log. */
  get isProjecting(): boolean {
    return this.active;
  }

  async status(): Promise<ProjectionStatus[]> {
    const [head, stored] = await Promise.all([this.store.headPosition(), this.readModels.checkpoints()]);
    return this.names.map((name) => {
      const position = stored.get(name) ?? 0;
      return { name, position, lag: Math.max(0, head - position) };
    });
  }

  /**
   * Resolves once every read model has applied the log up to `position` (read-your-writes);
   * throws ProjectionLagError when that takes longer than `timeoutMs`, or the signal's reason
   * once `signal` aborts.
   */
  async waitForPosition(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.reached() >= position) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown): void => {
        this.waiters.delete(waiter);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const waiter: Waiter = { position, resolve: () => settle() };
      const onAbort = (): void => settle(signal?.reason);
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => settle(new ProjectionLagError(position, this.reached(), timeoutMs)), timeoutMs)
        : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.pollWhileWaiting();
    });
  }

  /** Waits until the read models reflect everything the log holds now. */
  async catchUp(timeoutMs: number): Promise<void> {
    await this.waitForPosition(await this.store.headPosition(), timeoutMs);
  }

  /**
   * Drops every read model and checkpoint and replays the log from position 0, page by page
   * through the subscription; resolves once the models reach the head the log had at the start.
   */
  async rebuild(): Promise<void> {
    const wasRunning = this.running !== undefined;
    await this.stop();
    await this.readModels.reset();
    this.positions = new Map();
    this.cache.clear();
    const head = await this.store.headPosition();
    const failed = new AbortController();
    // A conflict only means another projector wrote meanwhile: the engine resumes on its own.
    const onFailure = (error: unknown): void => {
      if (!(error instanceof CheckpointConflictError)) failed.abort(error);
    };
    this.failureListeners.add(onFailure);
    this.start();
    try {
      await this.waitForPosition(head, Infinity, failed.signal);
      await this.readModels.finishRebuild();
    } finally {
      this.failureListeners.delete(onFailure);
      if (!wasRunning) await this.stop();
    }
  }

  /**
   * Folds these batches (ascending positions, possibly one part of the log) into the read
   * models as a catch-up does, from the stored checkpoints, and commits what is pending at the
   * end. For a replayer that the caller keeps alone with its read models; not while started.
   */
  async replay(batches: AsyncIterable<readonly ReplayedEvent[]>): Promise<void> {
    if (this.running !== undefined) throw new Error('the engine is projecting: stop it before a replay');
    this.takeOver(await this.readModels.checkpoints());
    this.cache.clear();
    try {
      for await (const events of batches) await this.apply(events);
      await this.commitPending();
    } finally {
      this.pending = undefined;
      this.cache.clear();
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let lock: ProjectorLock | undefined;
      let failed = false;
      try {
        lock = await this.readModels.acquireProjectorLock(signal);
        this.active = true;
        await this.project(signal, lock.lost);
      } catch (error) {
        if (signal.aborted) break;
        failed = true;
        this.options.onError?.(error);
        for (const listener of this.failureListeners) listener(error);
      } finally {
        this.active = false;
        // Folded but not committed: read again from the stored checkpoints next time.
        this.pending = undefined;
        // Another projector may write while this one does not hold the lock.
        this.cache.clear();
        await lock?.release();
      }
      // Released first, so that a healthy projector elsewhere can take over meanwhile.
      if (failed) await pause(this.options.retryDelayMs ?? 1_000, signal);
    }
  }

  /** Applies the log from the stored checkpoints until stopped, failed, or the lock is lost. */
  private async project(signal: AbortSignal, lockLost: Promise<void>): Promise<void> {
    this.takeOver(await this.readModels.checkpoints());
    this.notifyWaiters();
    const after = Math.min(...this.positions.values());
    const subscription: Subscription = this.store.subscribe(
      { after, batchSize: this.options.batchSize ?? DEFAULT_BATCH_SIZE },
      (events) => this.apply(events),
    );
    const stop = (): void => void subscription.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race([
        subscription.done,
        lockLost.then(() => {
          throw new Error('the projector lock was lost');
        }),
      ]);
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.stop();
    }
  }

  /**
   * Folds a batch into the pending commit. Live, every batch commits everything. While
   * catching up (a rebuild, a restart behind the head), documents and audit entries are
   * committed on their own schedules: the audit index every `maxEventsPerCommit` events, the
   * documents once `maxPendingDocuments` are pending. Each commit carries the checkpoints of
   * exactly the projections whose changes it stores, so a crash in between resumes every
   * projection from what its own committed changes reflect.
   */
  private async apply(events: readonly ReplayedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pending: PendingCommit = this.pending ?? {
      documents: new Map(),
      documentCount: 0,
      auditEntries: new AuditEntryBuffer(),
      applied: new Map(this.positions),
    };
    this.pending = pending;
    const last = events[events.length - 1].position;
    const domainEvents = events.map(domainEventOf);
    const appliedUpTo = (name: string): number => pending.applied.get(name) ?? 0;

    for (const projection of this.projections) {
      const from = appliedUpTo(projection.name);
      if (from >= last) continue;
      const keys: (string | undefined)[] = domainEvents.map((event, index) =>
        event !== undefined && events[index].position > from ? projection.keyOf(event) : undefined,
      );
      let changed = pending.documents.get(projection.name);
      if (changed === undefined) pending.documents.set(projection.name, (changed = new Map()));
      const working = await this.load(projection.name, keys, changed);
      // Consecutive events of one key are folded as one run (an event of a key is never undefined).
      forEachRun(keys, domainEvents as DomainEvent[], (key, run) => {
        const before = working.get(key);
        const after = evolveRun(projection, before, run);
        if (after === undefined || after === before) return;
        working.set(key, after);
        if (!changed.has(key)) pending.documentCount++;
        changed.set(key, after);
      });
      pending.applied.set(projection.name, last);
    }
    const auditFrom = appliedUpTo(AUDIT_PROJECTION);
    if (auditFrom < last) {
      for (const event of events)
        if (event.position > auditFrom) pending.auditEntries.push(auditEntryOf(event));
      pending.applied.set(AUDIT_PROJECTION, last);
    }

    const fullBatch = events.length >= (this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    const catchingUp = fullBatch && (await this.store.headPosition()) > last;
    if (!catchingUp) return this.commitPending();
    const maxDocuments = this.options.maxPendingDocuments ?? DEFAULT_MAX_PENDING_DOCUMENTS;
    if (pending.documentCount >= maxDocuments) await this.commitPending({ documents: true, audit: false });
    const maxEvents = this.options.maxEventsPerCommit ?? DEFAULT_MAX_EVENTS_PER_COMMIT;
    if (pending.auditEntries.length >= maxEvents) await this.commitPending({ documents: false, audit: true });
  }

  /**
   * Stores what is pending, in one transaction with the checkpoints of exactly what it stores:
   * everything (live, and at the end of a catch-up), or while catching up the documents alone
   * or the audit entries alone, the rest staying pending. After a failed commit nothing pending
   * is kept: the engine resumes from the stored checkpoints.
   */
  private async commitPending(
    share: { readonly documents: boolean; readonly audit: boolean } = { documents: true, audit: true },
  ): Promise<void> {
    const pending = this.pending;
    if (pending === undefined) return;
    const documents: StoredDocument[] = [];
    if (share.documents) {
      for (const [projection, changed] of pending.documents) {
        for (const [key, body] of changed) documents.push({ projection, key, body });
      }
    }
    const auditEntries = share.audit ? pending.auditEntries : new AuditEntryBuffer();
    const checkpoints = this.advances(
      this.names.filter((name) => (name === AUDIT_PROJECTION ? share.audit : share.documents)),
      pending,
    );
    if (share.documents && share.audit) this.pending = undefined;
    if (share.documents) {
      pending.documents.clear();
      pending.documentCount = 0;
    }
    if (share.audit) pending.auditEntries = new AuditEntryBuffer();
    try {
      await this.readModels.commit({ documents, auditEntries, checkpoints });
    } catch (error) {
      this.pending = undefined;
      throw error;
    }
    for (const document of documents) {
      this.cache.set(document.projection, document.key, document.body);
      this.fromEmpty.get(document.projection)?.add(document.key);
    }
    this.committed(checkpoints);
  }

  /** The checkpoints of `names` that the pending changes move forward. */
  private advances(names: readonly string[], pending: PendingCommit): CheckpointAdvance[] {
    return names
      .map((name) => ({
        projection: name,
        from: this.position(name),
        to: pending.applied.get(name) ?? 0,
      }))
      .filter((checkpoint) => checkpoint.to > checkpoint.from);
  }

  private committed(checkpoints: readonly CheckpointAdvance[]): void {
    for (const checkpoint of checkpoints) this.positions.set(checkpoint.projection, checkpoint.to);
    this.notifyWaiters();
  }

  /** Starts from the stored checkpoints, as the one writer of the read models from now on. */
  private takeOver(stored: ReadonlyMap<string, number>): void {
    this.positions = this.storedPositions(stored);
    this.fromEmpty = new Map(
      this.projections
        .filter((projection) => this.position(projection.name) === 0)
        .map((projection) => [projection.name, new Set<string>()]),
    );
  }

  /** Each projection's position in stored checkpoints. */
  private storedPositions(stored: ReadonlyMap<string, number>): Map<string, number> {
    return new Map(this.names.map((name) => [name, stored.get(name) ?? 0]));
  }

  /** The current documents under `keys`: pending, else cached, else from storage in one read. */
  private async load(
    projection: string,
    keys: readonly (string | undefined)[],
    pending: ReadonlyMap<string, unknown>,
  ): Promise<Map<string, unknown>> {
    const working = new Map<string, unknown>();
    const missing = new Set<string>();
    const stored = this.fromEmpty.get(projection);
    for (const key of keys) {
      if (key === undefined || working.has(key) || missing.has(key)) continue;
      const current = pending.get(key) ?? this.cache.get(projection, key);
      if (current !== undefined) working.set(key, current);
      else if (stored === undefined || stored.has(key)) missing.add(key);
    }
    if (missing.size > 0) {
      for (const [key, document] of await this.readModels.loadDocuments(projection, [...missing])) {
        working.set(key, document);
      }
    }
    return working;
  }

  private position(name: string): number {
    return this.positions.get(name) ?? 0;
  }

  /** The position every read model has reached. */
  private reached(): number {
    return Math.min(...this.names.map((name) => this.position(name)));
  }

  private notifyWaiters(): void {
    const reached = this.reached();
    for (const waiter of this.waiters) if (waiter.position <= reached) waiter.resolve();
  }

  /**
   * While someone waits and another process is the projector, follow its progress through
   * the stored checkpoints.
   */
  private pollWhileWaiting(): void {
    if (this.polling) return;
    this.polling = true;
    const poll = async (): Promise<void> => {
      while (this.waiters.size > 0) {
        if (!this.active) {
          try {
            const stored = await this.readModels.checkpoints();
            if (!this.active) this.positions = this.storedPositions(stored);
            this.notifyWaiters();
          } catch (error) {
            this.options.onError?.(error);
          }
        }
        await pause(this.options.pollIntervalMs ?? 25);
      }
    };
    void poll().finally(() => (this.polling = false));
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
