/**
 * The durable deadline process manager: while this process holds the deadline lock, it looks
 * at the time every `tickMs` (DeadlineTracker.tick). Whichever process holds the lock starts
 * from the log, so a standby that takes over from a dead one repeats nothing and loses nothing.
 */
import type { EventStore } from '@app/event-store';
import { pause } from '@app/projections';
import { type Clock, DeadlineTracker } from './deadline-tracker.js';
import type { HeldLock, ProcessLock } from './process-lock.js';

export interface DeadlineProcessOptions {
  readonly store: EventStore;
  readonly lock: ProcessLock;
  readonly clock: Clock;
  /** How often it looks at the time while it holds the lock (DEADLINE_TICK_MS). */
  readonly tickMs: number;
  /** Told about every failure (a tick that failed is tried again at the next). */
  readonly onError?: (error: unknown) => void;
  /** Told when this process takes or gives up the lock. */
  readonly onActive?: (active: boolean) => void;
}

/** Told what the process manager writes, for the metrics. */
export interface DeadlineProcessObserver {
  /** Events of these types were appended. */
  readonly wrote: (types: readonly string[]) => void;
}

export class DeadlineProcess {
  private running?: { readonly abort: AbortController; readonly loop: Promise<void> };
  private active = false;
  private lastTick?: number;
  private readonly observers = new Set<DeadlineProcessObserver>();

  constructor(private readonly options: DeadlineProcessOptions) {}

  /** Whether this process holds the deadline lock and tracks the deadlines. */
  get isActive(): boolean {
    return this.active;
  }

  /** When this process last completed a tick (ms since the epoch); undefined before its first. */
  get lastTickAt(): number | undefined {
    return this.lastTick;
  }

  /** Adds an observer; the function returned removes it. */
  observe(observer: DeadlineProcessObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  start(): void {
    if (this.running !== undefined) return;
    const abort = new AbortController();
    this.running = { abort, loop: this.run(abort.signal) };
  }

  /** Stops after the tick under way, and releases the lock. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.abort.abort(new Error('deadline process stopped'));
    await running.loop;
    this.running = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let held: HeldLock | undefined;
      try {
        held = await this.options.lock.acquire(signal);
        this.setActive(true);
        await this.track(signal, held.lost);
      } catch (error) {
        if (signal.aborted) break;
        this.options.onError?.(error);
      } finally {
        this.setActive(false);
        await held?.release();
      }
      // Lost the lock or failed to take it: let another process take over meanwhile.
      await pause(this.options.tickMs, signal);
    }
  }

  /** Ticks until stopped, or until the lock is lost. */
  private async track(signal: AbortSignal, lost: Promise<void>): Promise<void> {
    let lockLost = false;
    void lost.then(() => (lockLost = true));
    // A fresh tracker reads the deadlines from the log: what was written before this process
    // held the lock (by another one, maybe) is known before anything is decided.
    const tracker = new DeadlineTracker({
      store: this.options.store,
      clock: this.options.clock,
      onWritten: (types) => this.observers.forEach((observer) => observer.wrote(types)),
    });
    while (!signal.aborted && !lockLost) {
      try {
        await tracker.tick();
        this.lastTick = this.options.clock();
      } catch (error) {
        // A conflict with a command on the cycle stream, a store briefly away: next tick.
        if (signal.aborted) return;
        this.options.onError?.(error);
      }
      await Promise.race([pause(this.options.tickMs, signal), lost]);
    }
    if (lockLost && !signal.aborted) throw new Error('the deadline lock was lost');
  }

  private setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    this.options.onActive?.(active);
  }
}
