/**
 * The subscription loop every adapter can share: read a page after the checkpoint, hand it to
 * the handler, wait for the handler, advance; when caught up, sleep until the log changes.
 * Delivery follows the log's positions, so there is no gap and no duplicate as long as the
 * adapter assigns positions in commit order.
 */
import type {
  BatchHandler,
  LogFilter,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port.js';

export const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;

/**
 * Up to `limit` events with a position greater than `after`, filtered, in order, and how far
 * the log was read: `through` is at least the last event's position, and past it when a filter
 * skipped the events after it (up to the log's head when it was read), so that a subscription
 * whose filter matches rarely does not read the same skipped events again on every change.
 */
export interface LogPage {
  readonly events: readonly RecordedEvent[];
  readonly through: number;
  /**
   * Whether an empty page reached the head. A reader may stop short of it (it bounds how much
   * of the log one read scans, so that a read never holds the event loop long): the loop then
   * reads on, after giving the event loop a turn, instead of waiting for a change.
   */
  readonly reachedHead?: boolean;
}

/** Reads the page of the log after `after` (see LogPage). */
export type LogPageReader = (after: number, limit: number, filter: LogFilter) => Promise<LogPage>;

/** A page whose reader knows nothing beyond its events: read through its last one. */
export function pageOf(events: readonly RecordedEvent[], after: number): LogPage {
  return { events, through: events.length === 0 ? after : events[events.length - 1]!.position };
}

/**
 * Tells waiting subscriptions that the log may have grown. The version lets a subscription
 * notice a change that happened while it was reading, so that no wake-up is ever lost.
 */
export class LogChangeSignal {
  private currentVersion = 0;
  private waiters = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion++;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * Calls `wake` once the version differs from `seen` (at once if it already does). Returns a
   * function that withdraws the request.
   */
  whenChangedSince(seen: number, wake: () => void): () => void {
    if (this.currentVersion !== seen) {
      wake();
      return () => undefined;
    }
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}

export class LogSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopping = false;
  /** Ends the current wait for new events, if the loop is waiting. */
  private interruptWait?: () => void;

  constructor(
    private readonly readPage: LogPageReader,
    private readonly signal: LogChangeSignal,
    private readonly options: SubscribeOptions,
    private readonly handler: BatchHandler,
  ) {
    const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
    if (!Number.isSafeInteger(options.after) || options.after < 0) {
      throw new RangeError(`after must be a position of at least 0, not ${String(options.after)}`);
    }
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, not ${String(options.batchSize)}`);
    }
    this.done = this.run(batchSize);
    // Whoever only calls stop() must not get an unhandled rejection: the failure stays
    // observable through `done`.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptWait?.();
    await this.done.catch(() => undefined);
  }

  private async run(batchSize: number): Promise<void> {
    // Let the caller hold the subscription object before the first handler call.
    await Promise.resolve();
    const filter: LogFilter = { types: this.options.types, streamPrefix: this.options.streamPrefix };
    let checkpoint = this.options.after;
    while (!this.stopping) {
      const seen = this.signal.version;
      const { events: page, through, reachedHead } = await this.readPage(checkpoint, batchSize, filter);
      if (this.stopping) return;
      if (page.length === 0) {
        checkpoint = Math.max(checkpoint, through);
        if (reachedHead === false) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        await new Promise<void>((resolve) => {
          const withdraw = this.signal.whenChangedSince(seen, resolve);
          this.interruptWait = () => {
            withdraw();
            resolve();
          };
        });
        this.interruptWait = undefined;
        continue;
      }
      await this.handler(page);
      checkpoint = Math.max(page[page.length - 1].position, through);
    }
  }
}
