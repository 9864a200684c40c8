/** Paces the live projector: after a commit, the next read of the log waits a while, unless someone waits for a position. */

/** How the live projector spaces its commits while nobody waits for a position. */
export interface Pacing {
  /** Least time from one live commit to the next read of the log. */
  readonly minIntervalMs: number;
  /** Most time from one live commit to the next read of the log: how stale an unwatched read model may get. */
  readonly maxIntervalMs: number;
  /**
   * Most share of the thread the live projector takes (0 < share ≤ 1): a read, fold and
   * commit that took `w` ms is followed by a pause of `w · (1 / share − 1)` ms, within the
   * bounds above. 1 leaves only the bounds.
   */
  readonly maxThreadShare: number;
}

/** The API process's pacing: the projector takes at most a tenth of the thread the commands run on. */
export const DEFAULT_PACING: Pacing = { minIntervalMs: 50, maxIntervalMs: 250, maxThreadShare: 0.1 };

/** The pause after a live read, fold and commit that took `workMs`. */
export function pauseAfter(workMs: number, pacing: Pacing): number {
  const share = Math.min(1, Math.max(pacing.maxThreadShare, Number.MIN_VALUE));
  const fair = workMs * (1 / share - 1);
  return Math.min(pacing.maxIntervalMs, Math.max(pacing.minIntervalMs, fair));
}

export interface CommitPacerOptions {
  readonly pacing: Pacing;
  /** Whether someone waits for a position the read models have not reached (read-your-writes). */
  readonly isWanted: () => boolean;
}

/**
 * Live, every batch the subscription hands over is folded and committed at once; what the
 * pacer adds is a pause before the next batch is read, so that while commands keep arriving
 * the projector reads, folds and commits one larger batch per pause instead of a small one
 * per group commit of the log. A read model's document changed by many events of the batch
 * is serialized and written once; each commit is a synchronous transaction on the thread the
 * commands run on, so fewer and larger ones leave that thread to the commands. The pause
 * grows with the work it follows (see `Pacing.maxThreadShare`), up to a bound.
 *
 * Read-your-writes stays prompt: a query waiting for a position ends the pause (`expedite`),
 * and no pause starts while one waits. A watcher following the read models' progress (a live
 * stream) waits without expediting, or one open stream would keep the pacing off. A write
 * nobody waits for becomes readable at most `maxIntervalMs` later, and at once after a quiet
 * spell (the pause counts from the last commit).
 */
export class CommitPacer {
  private workStartedAt = 0;
  private pauseUntil = Number.NEGATIVE_INFINITY;
  private wake?: () => void;

  constructor(private readonly options: CommitPacerOptions) {}

  /** Told that a live batch is being folded: its work counts from now. */
  working(): void {
    this.workStartedAt = performance.now();
  }

  /** Told that the live batch's changes are stored: the next read waits for the pause this work earns. */
  committed(): void {
    const now = performance.now();
    this.pauseUntil = now + pauseAfter(now - this.workStartedAt, this.options.pacing);
  }

  /**
   * Resolves when the next batch may be read: once the pause since the last commit is over,
   * someone waits for a position (now or during the pause), or `signal` aborts.
   */
  async pause(signal: AbortSignal): Promise<void> {
    const remaining = this.pauseUntil - performance.now();
    if (remaining <= 0 || signal.aborted || this.options.isWanted()) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, remaining);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  /** Ends the current pause: someone waits for a position. */
  expedite(): void {
    this.wake?.();
  }
}
