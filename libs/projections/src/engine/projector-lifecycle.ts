/** Runs the projector: takes the projector lock, follows the log's subscription, retries after failures, stops. */
import type { EventStore, ReplayedEvent, Subscription } from '@app/event-store';
import type { ProjectorLock, ReadModelStore } from '../storage/read-model-store.port.js';
import { pause } from './pause.js';

/** What the lifecycle drives while it holds the lock. */
export interface Projector {
  /** Takes over the read models from their stored checkpoints; resolves to the position to follow the log after. */
  takeOver(): Promise<number>;
  /**
   * Folds a batch of the subscription and commits what is due; may hold the next batch back
   * a while (see CommitPacer), but not past `signal`'s abort (the projector is stopping).
   */
  apply(events: readonly ReplayedEvent[], signal: AbortSignal): Promise<void>;
  /** Drops what is folded and not committed, and what it remembers of the stored read models. */
  forget(): void;
}

export interface ProjectorLifecycleOptions {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly projector: Projector;
  readonly batchSize: number;
  /** Pause before retrying after a failure. */
  readonly retryDelayMs: number;
  /** Told about every failure of the projector (it retries on its own). */
  readonly onError?: (error: unknown) => void;
}

/**
 * One projector at a time writes the read models: this process projects only while it holds
 * the projector lock, and on any failure releases it, forgets what it folded, pauses and
 * tries again from the stored checkpoints.
 */
export class ProjectorLifecycle {
  private running?: { readonly abort: AbortController; readonly loop: Promise<void> };
  private active = false;
  private readonly failureListeners = new Set<(error: unknown) => void>();

  constructor(private readonly options: ProjectorLifecycleOptions) {}

  /** Whether this process currently holds the projector lock and applies the log. */
  get isProjecting(): boolean {
    return this.active;
  }

  get isStarted(): boolean {
    return this.running !== undefined;
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

  /** Tells `listener` about every failure until the returned function is called. */
  onFailure(listener: (error: unknown) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let lock: ProjectorLock | undefined;
      let failed = false;
      try {
        lock = await this.options.readModels.acquireProjectorLock(signal);
        this.active = true;
        await this.project(signal, lock.lost);
      } catch (error) {
        if (signal.aborted) break;
        failed = true;
        this.options.onError?.(error);
        for (const listener of this.failureListeners) listener(error);
      } finally {
        this.active = false;
        // Folded but not committed: read again from the stored checkpoints next time; and
        // another projector may write while this one does not hold the lock.
        this.options.projector.forget();
        await lock?.release();
      }
      // Released first, so that a healthy projector elsewhere can take over meanwhile.
      if (failed) await pause(this.options.retryDelayMs, signal);
    }
  }

  /** Applies the log from the stored checkpoints until stopped, failed, or the lock is lost. */
  private async project(signal: AbortSignal, lockLost: Promise<void>): Promise<void> {
    const after = await this.options.projector.takeOver();
    const subscription: Subscription = this.options.store.subscribe(
      { after, batchSize: this.options.batchSize },
      (events) => this.options.projector.apply(events, signal),
    );
    const stop = (): void => void subscription.stop();
    signal.addEventListener('abort', stop, { once: true });
    // Stopped while taking over: a listener added after the abort is never called.
    if (signal.aborted) stop();
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
}
