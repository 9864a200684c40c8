/** A clock and timers that move only when a spec advances them. */
import type { Clock, Timers } from '../dispatch-clock.js';

interface Pending {
  readonly at: number;
  readonly callback: () => void;
}

export class FakeTime implements Clock, Timers {
  private current = Date.UTC(2026, 11, 4, 9, 0, 0);
  private readonly pending = new Set<Pending>();
  private armedWaiters: (() => void)[] = [];

  now(): number {
    return this.current;
  }

  set(callback: () => void, ms: number): unknown {
    const timer = { at: this.current + Math.max(ms, 0), callback };
    this.pending.add(timer);
    for (const wake of this.armedWaiters.splice(0)) wake();
    return timer;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as Pending);
  }

  /** The earliest armed timer's delay from now, once one is armed. */
  async nextDelay(): Promise<number> {
    while (this.pending.size === 0) await new Promise<void>((resolve) => this.armedWaiters.push(resolve));
    return Math.min(...[...this.pending].map((timer) => timer.at)) - this.current;
  }

  /** Moves time forward and fires the timers that fall due, in order. */
  advance(ms: number): void {
    this.current += ms;
    for (const timer of [...this.pending].sort((a, b) => a.at - b.at)) {
      if (timer.at > this.current) break;
      this.pending.delete(timer);
      timer.callback();
    }
  }
}
