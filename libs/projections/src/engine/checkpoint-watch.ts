/** Read-your-writes: knows how far the read models have reached, and wakes whoever waits for a position. */
import { ProjectionLagError } from '../projection.errors.js';
import type { CheckpointAdvance, ReadModelStore } from '../storage/read-model-store.port.js';
import { pause } from './pause.js';

export interface CheckpointWatchOptions {
  /** Every checkpoint the read models keep. */
  readonly names: readonly string[];
  readonly readModels: ReadModelStore;
  /** Whether this process is the projector (then its own commits move the checkpoints). */
  readonly isProjecting: () => boolean;
  /** How often the stored checkpoints are read while someone waits and another process projects. */
  readonly pollIntervalMs: number;
  readonly onError?: (error: unknown) => void;
  /** Told when a wait that expedites starts for a position not reached yet (the projector then hurries). */
  readonly onWaiting?: () => void;
}

/** How a wait for a position counts. */
export interface WaitOptions {
  /**
   * Whether the projector hurries for it (the default): a query waiting to read its own write
   * ends the projector's pause at once, and no pause starts while it waits. A watcher that
   * follows the read models' progress (a live stream) passes false: it is woken by the
   * projector's commits as they come, at the pace the projector keeps while nobody waits.
   */
  readonly expedite?: boolean;
}

interface Waiter {
  readonly position: number;
  readonly expedite: boolean;
  readonly resolve: () => void;
}

/**
 * The checkpoints as last committed by this process or read from storage. While this process
 * projects, its commits move them; otherwise, while someone waits, it follows the projector
 * elsewhere by polling the stored checkpoints.
 */
export class CheckpointWatch {
  private positions = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private polling = false;

  constructor(private readonly options: CheckpointWatchOptions) {}

  /** A checkpoint's position (0 when unknown). */
  position(name: string): number {
    return this.positions.get(name) ?? 0;
  }

  /** Every checkpoint's position. */
  all(): Map<string, number> {
    return new Map(this.positions);
  }

  /** The position every read model has reached. */
  reached(): number {
    return Math.min(...this.options.names.map((name) => this.position(name)));
  }

  /** Whether someone waits for a position the read models have not reached, and the projector should hurry. */
  isWaitedFor(): boolean {
    for (const waiter of this.waiters) if (waiter.expedite) return true;
    return false;
  }

  /** Starts again from these stored checkpoints (absent ones at 0) and wakes who they satisfy. */
  replaceWith(stored: ReadonlyMap<string, number>): void {
    this.positions = new Map(this.options.names.map((name) => [name, stored.get(name) ?? 0]));
    this.notifyWaiters();
  }

  /** Forgets every position: the read models were dropped. */
  clear(): void {
    this.positions = new Map();
  }

  /** Records checkpoints this process has just committed, and wakes who they satisfy. */
  committed(checkpoints: readonly CheckpointAdvance[]): void {
    for (const checkpoint of checkpoints) this.positions.set(checkpoint.projection, checkpoint.to);
    this.notifyWaiters();
  }

  /**
   * Resolves once every read model has applied the log up to `position`; throws
   * ProjectionLagError when that takes longer than `timeoutMs`, or the signal's reason once
   * `signal` aborts.
   */
  async waitFor(
    position: number,
    timeoutMs: number,
    signal?: AbortSignal,
    { expedite = true }: WaitOptions = {},
  ): Promise<void> {
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
      const waiter: Waiter = { position, expedite, resolve: () => settle() };
      const onAbort = (): void => settle(signal?.reason);
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => settle(new ProjectionLagError(position, this.reached(), timeoutMs)), timeoutMs)
        : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      if (expedite) this.options.onWaiting?.();
      this.pollWhileWaiting();
    });
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
        if (!this.options.isProjecting()) {
          try {
            const stored = await this.options.readModels.checkpoints();
            if (!this.options.isProjecting()) this.replaceWith(stored);
            else this.notifyWaiters();
          } catch (error) {
            this.options.onError?.(error);
          }
        }
        await pause(this.options.pollIntervalMs);
      }
    };
    void poll().finally(() => (this.polling = false));
  }
}
