/**
 * Drives the SQLite store's group commits: appends are queued, and once per turn of the event
 * loop the queued appends go to the writer as one group, written in one transaction (one fsync
 * serves them all) while each append keeps its own result or error. One group is in flight at
 * a time; the appends made meanwhile form the next group, so groups grow with the load.
 */
import type Database from 'better-sqlite3';
import { AppendQueue, type PendingAppend, type QueuedAppend } from '../append-queue.js';
import type { LogChange } from '../log-subscription.js';
import { findEarlierAppend } from '../append-replay.js';
import type { AppendResult } from '../event-store.port.js';
import {
  type GroupCommitObserver,
  GroupCommitObservers,
  type ObservableGroupCommits,
} from '../group-commit-observer.js';
import type { AppendOutcome, StampedAppend } from './sqlite-group-commit.js';
import type { SqliteGroupWriter } from './sqlite-writer.js';

export class SqliteGroupCommits implements ObservableGroupCommits {
  private readonly queue = new AppendQueue();
  private readonly observers = new GroupCommitObservers();
  private readonly eventById: Database.Statement<
    [string],
    { stream_id: string; revision: number; position: number }
  >;
  /** The group commit in flight, if any: at most one at a time. */
  private inFlight?: Promise<void>;
  private flushScheduled = false;
  private draining = false;
  private readonly flushNow = (): void => this.flush();
  /** The last second stamped, and its ISO text up to the milliseconds (see stamped). */
  private stampedSecond = Number.NaN;
  private secondText = '';

  /**
   * `db` is the store's own connection (it reads the log after a failed group); `written` is
   * called after each group commit that wrote an event, with what it wrote, and with undefined
   * when an append is found written by an earlier attempt.
   */
  constructor(
    db: Database.Database,
    private readonly writer: SqliteGroupWriter,
    private readonly now: () => Date,
    private readonly written: (change: LogChange | undefined) => void,
  ) {
    this.eventById = db.prepare('SELECT stream_id, revision, position FROM events WHERE id = ?');
  }

  /** Queues a validated append for the next group commit; settles when it is written or refused. */
  append(append: QueuedAppend): Promise<AppendResult> {
    const result = this.queue.enqueue(append);
    this.scheduleFlush();
    return result;
  }

  observeGroupCommits(observer: GroupCommitObserver): () => void {
    return this.observers.observeGroupCommits(observer);
  }

  /** Resolves when no group commit is in flight (none starts before the caller's next await). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Writes every append queued so far, then closes the writer. */
  async drain(): Promise<void> {
    this.draining = true;
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.queue.size > 0) this.flush();
      else break;
    }
    await this.writer.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current turn's microtasks: appenders woken by the previous group have queued
    // their next append by then and share this commit. Sending the queued appends at once when a
    // group is answered, before its appends' replies, was measured and is slower (bench/FIGURES.md,
    // "Figures, 2026-12-06 (issue 17, sixteenth pass)"): the group leaves smaller, without the
    // requests the same turn decides, and the woken writer takes a core from the replies.
    setImmediate(this.flushNow);
  }

  /** Sends the queued appends to the writer as one group, unless a group is in flight. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.inFlight) return;
    const group = this.queue.takeGroup();
    if (group.length === 0) return;
    this.inFlight = this.commit(group).finally(() => {
      this.inFlight = undefined;
      if (this.queue.size > 0 && !this.draining) this.scheduleFlush();
    });
  }

  /** Writes one group in one transaction, then answers each of its appends. */
  private async commit(group: readonly PendingAppend[]): Promise<void> {
    let outcomes: AppendOutcome[];
    const committed = this.observers.start(group);
    try {
      outcomes = await this.writer.write(group.map((pending) => this.stamped(pending.append)));
      committed(true);
    } catch (error) {
      committed(false);
      this.settleFailedGroup(group, error);
      return;
    }
    // What the group wrote, for the subscriptions (LogChange): its appends' events are
    // consecutive in the log, one transaction's, and nothing else is among them.
    let after = Number.POSITIVE_INFINITY;
    let through = 0;
    const types = new Set<string>();
    const streamIds = new Set<string>();
    for (let index = 0; index < group.length; index++) {
      const outcome = outcomes[index];
      const pending = group[index];
      if ('refused' in outcome) {
        pending.reject(outcome.refused);
        continue;
      }
      pending.resolve(outcome.result);
      if (!outcome.written) continue;
      const { events, streamId } = pending.append;
      after = Math.min(after, outcome.result.position - events.length);
      through = Math.max(through, outcome.result.position);
      streamIds.add(streamId);
      for (const event of events) types.add(event.type);
    }
    if (through > 0) this.written({ after, through, types, streamIds });
  }

  /**
   * The append with its recordedAt, `toISOString()` of the clock's time. Formatting a date
   * costs more than the rest of stamping; appends of the same second reuse its text and only
   * write their milliseconds (toISOString always ends in `.sssZ`).
   */
  private stamped(append: QueuedAppend): StampedAppend {
    const now = this.now();
    const time = now.getTime();
    const second = Math.floor(time / 1000);
    let recordedAt: string;
    if (second === this.stampedSecond) {
      const milliseconds = time - second * 1000;
      recordedAt = `${this.secondText}${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`;
    } else {
      // An invalid date throws here, as it did.
      recordedAt = now.toISOString();
      this.stampedSecond = second;
      this.secondText = recordedAt.slice(0, -4);
    }
    return { ...append, recordedAt };
  }

  /**
   * A group failed as a whole. Its last transaction wrote nothing, but when a writer thread died
   * before (after its COMMIT, say), an earlier attempt may have written it: each append found in
   * the log as itself answers its result (append-replay.ts); the others are rejected. No group
   * is in flight meanwhile, so this reads a settled log.
   */
  private settleFailedGroup(group: readonly PendingAppend[], failure: unknown): void {
    for (const pending of group) {
      let stored: ReturnType<typeof findEarlierAppend>;
      try {
        stored = findEarlierAppend(pending.append.streamId, pending.append.events, (id) => {
          const row = this.eventById.get(id);
          return row && { streamId: row.stream_id, revision: row.revision, position: row.position };
        });
      } catch {
        // The log cannot be read either (the disk that failed the commit): the commit's error
        // is the answer.
        stored = undefined;
      }
      if (stored === undefined) pending.reject(failure);
      else if (stored instanceof Error) pending.reject(stored);
      else {
        pending.resolve(stored);
        // Written by an attempt the log has, not by this one: said without a description.
        this.written(undefined);
      }
    }
  }
}
