/**
 * The appends of this process waiting for the next group commit, and how many of them one
 * commit takes.
 *
 * Both SQL adapters write the appends queued while the previous commit ran in one
 * transaction (one flush serves them all); each append keeps its own result or error. The
 * adapters decide when a group is taken (SQLite once per turn of the event loop, PostgreSQL as
 * soon as the previous commit is done); this queue decides what a group is.
 */
import type { AppendResult, ExpectedRevision } from './event-store.port.js';
import type { PreparedEvent } from './event-store.validation.js';

/** One caller's append, already validated and serialised, waiting for the next group commit. */
export interface QueuedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  /** The id the stream's last event must have (AppendOptions.expectedLastEventId), lower case. */
  readonly expectedLastEventId?: string;
  readonly events: readonly PreparedEvent[];
}

/** A queued append and how to answer its caller. */
export interface PendingAppend {
  readonly append: QueuedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Events written in one transaction at most, to keep a commit's statements small. */
export const MAX_EVENTS_PER_COMMIT = 5000;

export class AppendQueue {
  private readonly pending: PendingAppend[] = [];

  get size(): number {
    return this.pending.length;
  }

  /** Queues the append; the promise settles when a group commit has written or refused it. */
  enqueue(append: QueuedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ append, resolve, reject });
    });
  }

  /**
   * The next group, in queue order (the adapters write a group's appends in this order, so an
   * append queued on top of an earlier one of the same group sees it written): as many appends as fit in MAX_EVENTS_PER_COMMIT events,
   * and always at least one, however large.
   */
  takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (
      count < this.pending.length &&
      (count === 0 || events + this.pending[count].append.events.length <= MAX_EVENTS_PER_COMMIT)
    ) {
      events += this.pending[count].append.events.length;
      count++;
    }
    return this.pending.splice(0, count);
  }
}
