/** Keeps the read models up to date from the log: the projector, read-your-writes, rebuild and replay, composed. */
import type { EventStore, ReplayedEvent } from '@app/event-store';
import { AUDIT_PROJECTION, AuditSink } from '../audit/audit-sink.js';
import type { DocumentProjection } from '../projection.js';
import { documentProjections } from '../document-projections.js';
import type { ReadModelSink } from '../read-model-sink.js';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import { CheckpointWatch, type WaitOptions } from './checkpoint-watch.js';
import { CommitPacer, DEFAULT_PACING, type Pacing } from './commit-pacer.js';
import { CommitSchedule } from './commit-schedule.js';
import { DocumentSink } from './document-sink.js';
import { FoldBuffer } from './fold-buffer.js';
import { ProjectorLifecycle } from './projector-lifecycle.js';
import { rebuild, replayBatches, type ReplayParts } from './replay.js';

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
   * written once per flush rather than once per commit. Bounds the replay's memory.
   * Default 4,000.
   */
  readonly maxPendingDocuments?: number;
  /** Committed documents kept in memory between batches. Default 2,500. */
  readonly cacheSize?: number;
  /** Pause before retrying after a failure. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /**
   * Live, how long the projector waits after a commit before it reads the log again, unless
   * a query waits for a position (see CommitPacer): while commands keep arriving it reads,
   * folds and commits one larger batch per pause. Default DEFAULT_PACING (at most a tenth of
   * the thread, pauses of 50 to 250 ms).
   */
  readonly pacing?: Partial<Pacing>;
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

// Small enough that a replayed batch and its audit entries die in the young generation.
export const DEFAULT_BATCH_SIZE = 1_000;
export const DEFAULT_MAX_EVENTS_PER_COMMIT = 100_000;
export const DEFAULT_MAX_PENDING_DOCUMENTS = 4_000;

/**
 * Keeps the read models up to date from the event store's subscription, and only from it:
 * nothing is ever pushed in-process after a save, so a crash loses nothing. A batch's
 * documents, audit entries and checkpoints are stored in one transaction (while catching up,
 * transactions cover several batches, and each sink commits on its own schedule, with the
 * checkpoints of what it stores), and events at or below a checkpoint are skipped, so a
 * replayed batch changes nothing.
 *
 * The parts: `ProjectorLifecycle` (the lock, the subscription, retries), `CheckpointWatch`
 * (read-your-writes), `FoldBuffer` over the sinks (`DocumentSink`, `AuditSink`) with its
 * `CommitSchedule`, `CommitPacer` (live, one larger batch per interval while commands keep
 * arriving, at once for a query waiting), and `replay.ts` (rebuild, replay of given batches).
 */
export class ProjectionEngine {
  private readonly names: readonly string[];
  private readonly sinks: readonly ReadModelSink[];
  private readonly checkpoints: CheckpointWatch;
  private readonly folds: FoldBuffer;
  private readonly schedule: CommitSchedule;
  private readonly pacer: CommitPacer;
  private readonly lifecycle: ProjectorLifecycle;
  private readonly replayParts: ReplayParts;

  constructor(private readonly options: ProjectionEngineOptions) {
    const { store, readModels } = options;
    const projections = options.projections ?? documentProjections;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.sinks = [
      new DocumentSink({
        projections,
        readModels,
        maxPendingDocuments: options.maxPendingDocuments ?? DEFAULT_MAX_PENDING_DOCUMENTS,
        cacheSize: options.cacheSize ?? 2_500,
      }),
      new AuditSink(options.maxEventsPerCommit ?? DEFAULT_MAX_EVENTS_PER_COMMIT),
    ];
    this.names = this.sinks.flatMap((sink) => sink.checkpoints);
    this.checkpoints = new CheckpointWatch({
      names: this.names,
      readModels,
      isProjecting: () => this.lifecycle.isProjecting,
      pollIntervalMs: options.pollIntervalMs ?? 25,
      onError: options.onError,
      onWaiting: () => this.pacer.expedite(),
    });
    this.pacer = new CommitPacer({
      pacing: { ...DEFAULT_PACING, ...options.pacing },
      isWanted: () => this.checkpoints.isWaitedFor(),
    });
    this.folds = new FoldBuffer(this.sinks, readModels, this.checkpoints);
    this.schedule = new CommitSchedule(() => store.headPosition(), batchSize);
    this.lifecycle = new ProjectorLifecycle({
      store,
      readModels,
      batchSize,
      retryDelayMs: options.retryDelayMs ?? 1_000,
      onError: options.onError,
      projector: {
        takeOver: () => this.takeOver(),
        apply: async (events, signal) => {
          // Live, hold the next read back a while: the next batch is larger, commits fewer.
          if (await this.apply(events)) await this.pacer.pause(signal);
        },
        forget: () => this.folds.forget(),
      },
    });
    this.replayParts = {
      store,
      readModels,
      lifecycle: this.lifecycle,
      checkpoints: this.checkpoints,
      folds: this.folds,
      apply: async (events) => void (await this.apply(events)),
    };
  }

  /** Starts projecting in the background (once this process holds the projector lock). */
  start(): void {
    this.lifecycle.start();
  }

  /** Stops projecting; resolves once no batch is being applied and the lock is released. */
  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  /** Whether this process currently holds the projector lock and applies the log. */
  get isProjecting(): boolean {
    return this.lifecycle.isProjecting;
  }

  async status(): Promise<ProjectionStatus[]> {
    const [head, stored] = await Promise.all([
      this.options.store.headPosition(),
      this.options.readModels.checkpoints(),
    ]);
    return this.names.map((name) => {
      const position = stored.get(name) ?? 0;
      return { name, position, lag: Math.max(0, head - position) };
    });
  }

  /**
   * Resolves once every read model has applied the log up to `position` (read-your-writes);
   * throws ProjectionLagError when that takes longer than `timeoutMs`, or the signal's reason
   * once `signal` aborts. The projector ends its pause for the wait unless `expedite` is false
   * (see WaitOptions).
   */
  waitForPosition(
    position: number,
    timeoutMs: number,
    signal?: AbortSignal,
    options?: WaitOptions,
  ): Promise<void> {
    return this.checkpoints.waitFor(position, timeoutMs, signal, options);
  }

  /** The position every read model has reached, as this process last knew it. */
  reachedPosition(): number {
    return this.checkpoints.reached();
  }

  /** Waits until the read models reflect everything the log holds now. */
  async catchUp(timeoutMs: number): Promise<void> {
    await this.waitForPosition(await this.options.store.headPosition(), timeoutMs);
  }

  /**
   * Drops every read model and checkpoint and replays the log from position 0, page by page
   * through the subscription; resolves once the models reach the head the log had at the start.
   */
  rebuild(): Promise<void> {
    return rebuild(this.replayParts);
  }

  /**
   * Folds these batches (ascending positions, possibly one part of the log) into the read
   * models as a catch-up does, from the stored checkpoints, and commits what is pending at the
   * end. For a replayer that the caller keeps alone with its read models; not while started.
   */
  replay(batches: AsyncIterable<readonly ReplayedEvent[]>): Promise<void> {
    return replayBatches(this.replayParts, batches);
  }

  /** Starts from the stored checkpoints; resolves to the position every read model has reached. */
  private async takeOver(): Promise<number> {
    this.folds.takeOver(await this.options.readModels.checkpoints());
    return this.checkpoints.reached();
  }

  /**
   * Folds a batch into every sink, then commits what the schedule says is due; resolves to
   * whether the batch was live (everything it folded is committed).
   */
  private async apply(events: readonly ReplayedEvent[]): Promise<boolean> {
    if (events.length === 0) return false;
    this.pacer.working();
    await this.folds.fold(events);
    const { live, commits } = await this.schedule.commitsAfter(events, this.sinks);
    for (const sinks of commits) await this.folds.commit(sinks);
    if (live) this.pacer.committed();
    return live;
  }
}
