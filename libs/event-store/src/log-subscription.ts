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
import { matchesStreamPrefix } from './stream-prefix.js';

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
 * What one change of the log was, when the store that made it knows: exactly the events at the
 * positions after `after` up to `through`, of these types, on these streams, and nothing else.
 */
export interface LogChange {
  readonly after: number;
  readonly through: number;
  readonly types: ReadonlySet<string>;
  readonly streamIds: ReadonlySet<string>;
}

/** Changes remembered for subscriptions that wake behind: enough for a few commits at once. */
const CHANGES_KEPT = 64;

/**
 * Tells waiting subscriptions that the log may have grown. The version lets a subscription
 * notice a change that happened while it was reading, so that no wake-up is ever lost.
 *
 * A store that knows what it wrote says so (LogChange): a filtered subscription that was caught
 * up can then tell that none of the new events is for it and move past them without reading
 * the log. A change said without it (another process wrote, an import) is always read.
 */
export class LogChangeSignal {
  private currentVersion = 0;
  private waiters = new Set<() => void>();
  /** The last CHANGES_KEPT changes, by version; undefined where a change was not described. */
  private readonly recent: (LogChange | undefined)[] = [];

  get version(): number {
    return this.currentVersion;
  }

  notify(change?: LogChange): void {
    this.currentVersion++;
    this.recent.push(change);
    if (this.recent.length > CHANGES_KEPT) this.recent.shift();
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * The changes after version `seen`, oldest first, when every one of them was described and is
   * still remembered; undefined otherwise.
   */
  changesSince(seen: number): readonly LogChange[] | undefined {
    const count = this.currentVersion - seen;
    if (count < 0 || count > this.recent.length) return undefined;
    const changes = this.recent.slice(this.recent.length - count);
    return changes.every((change) => change !== undefined) ? (changes as LogChange[]) : undefined;
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

/**
 * How far a subscription caught up at `checkpoint` can move without reading, given the changes
 * since it last read: through every change that is contiguous with what it has read and holds no
 * event its filter could match. Undefined when it must read (a change not described, a gap, an
 * event that may match, or no filter at all).
 */
export function skippedThrough(
  changes: readonly LogChange[] | undefined,
  checkpoint: number,
  filter: LogFilter,
): number | undefined {
  if (changes === undefined || changes.length === 0) return undefined;
  if (filter.types === undefined && filter.streamPrefix === undefined) return undefined;
  let through = checkpoint;
  for (const change of changes) {
    if (change.through <= through) continue; // read already, by the read that preceded the wait
    if (change.after !== through) return undefined;
    if (mayMatch(change, filter)) return undefined;
    through = change.through;
  }
  return through;
}

/** Whether any event of the change could pass the filter: each condition alone must hold for one. */
function mayMatch(change: LogChange, { types, streamPrefix }: LogFilter): boolean {
  if (types !== undefined && !types.some((type) => change.types.has(type))) return false;
  if (
    streamPrefix !== undefined &&
    ![...change.streamIds].some((id) => matchesStreamPrefix(id, streamPrefix))
  )
    return false;
  return true;
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
      let seen = this.signal.version;
      const { events: page, through, reachedHead } = await this.readPage(checkpoint, batchSize, filter);
      if (this.stopping) return;
      if (page.length === 0) {
        checkpoint = Math.max(checkpoint, through);
        if (reachedHead === false) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        // Caught up: wait for a change, and move past the ones that hold nothing for this filter.
        for (let since = seen; ;) {
          await this.changeSince(since);
          if (this.stopping) return;
          since = this.signal.version;
          const skipped = skippedThrough(this.signal.changesSince(seen), checkpoint, filter);
          if (skipped === undefined) break;
          checkpoint = skipped;
          seen = since;
        }
        continue;
      }
      await this.handler(page);
      checkpoint = Math.max(page[page.length - 1].position, through);
    }
  }

  /** Resolves once the log changed after version `seen`, or the subscription is stopping. */
  private async changeSince(seen: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const withdraw = this.signal.whenChangedSince(seen, resolve);
      this.interruptWait = () => {
        withdraw();
        resolve();
      };
    });
    this.interruptWait = undefined;
  }
}
