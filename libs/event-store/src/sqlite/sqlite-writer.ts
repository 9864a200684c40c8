/**
 * Who runs the SQLite store's group commits: the store's own connection on the event loop
 * (`inline`), or a worker thread that owns a write connection of its own (`thread`), so that
 * BEGIN IMMEDIATE, the checks, the hash chain, the inserts and COMMIT with its fsync happen
 * while the event loop goes on accepting and deciding commands.
 *
 * The thread answers one group at a time. If it dies while a group is in flight (the outcome
 * is unknown: the COMMIT may or may not have happened), a new thread is started and the same
 * group sent again: the event ids make the resend idempotent (append-replay.ts), so an append
 * the lost thread wrote answers its original result and is not written twice. A group on which
 * the thread dies MAX_ATTEMPTS times in a row is failed, and the next group gets a new thread.
 */
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { QueuedAppend } from '../append-queue.js';
import { flattenGroup, fromWire, type GroupAnswer, type WriterRequest } from './sqlite-writer-wire.js';
import {
  type AppendOutcome,
  type GroupCommitStage,
  SqliteGroupCommit,
  type StampedAppend,
} from './sqlite-group-commit.js';
import { RequestThread } from './sqlite-store-thread.js';

/**
 * Faults the crash specs inject into a group commit (never set in production):
 * - `exit-after-begin` / `exit-after-commit`: the writer thread exits at that point without
 *   answering (the thread writer only);
 * - `io-error`: the transaction fails after BEGIN as a disk error would (SQLITE_IOERR).
 */
export type SqliteWriterFault = 'exit-after-begin' | 'exit-after-commit' | 'io-error';

/** Chooses a fault for a group and attempt (1 for the first send, 2 for a resend, ...). */
export type SqliteWriterFaults = (
  group: readonly QueuedAppend[],
  attempt: number,
) => SqliteWriterFault | undefined;

export interface SqliteGroupWriter {
  /**
   * Writes the group in one transaction and answers each append's outcome, in the group's
   * order; rejects (having written nothing, or, after a resend, nothing twice) when the group
   * failed as a whole.
   */
  write(group: readonly StampedAppend[]): Promise<AppendOutcome[]>;
  close(): Promise<void>;
}

/** How often a writer thread may die on one group before the group is failed. */
export const MAX_ATTEMPTS = 3;

/** The group commit on the store's own connection, on the event loop. */
export class InlineGroupWriter implements SqliteGroupWriter {
  private readonly commit: SqliteGroupCommit;

  constructor(
    db: Database.Database,
    private readonly faults?: SqliteWriterFaults,
  ) {
    this.commit = new SqliteGroupCommit(db);
  }

  async write(group: readonly StampedAppend[]): Promise<AppendOutcome[]> {
    const fault = this.faults?.(group, 1);
    if (fault !== undefined && fault !== 'io-error')
      throw new RangeError(`the inline writer cannot inject ${fault}`);
    return this.commit.write(group, fault && ((stage) => injectFault(fault, stage)));
  }

  async close(): Promise<void> {
    // The store closes the connection.
  }
}

/**
 * Measures how busy the event loop is over a stretch of time: the start of a measurement
 * answers the function that ends it, which answers the share of that stretch the loop spent
 * running callbacks (0 to 1). The default reads Node's event loop utilization.
 */
export type LoopUtilizationMeter = () => () => number;

export const nodeLoopUtilization: LoopUtilizationMeter = () => {
  const start = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(start).utilization;
};

/**
 * Below this share of a thread commit's time spent on other work, the loop had nothing to do
 * but wait for the commit. Measured over the thread's commits (bench/FIGURES.md, "Figures, 2026-12-05
 * (issue 17, fifth pass)"): 64, 8 or 2 appenders awaiting their appends, nothing else running,
 * kept the loop busy 7–13% of a commit (median; 50–77% in the slowest tenth, collections and
 * compilation); the API under the busy-bloc load, 67–75% in the least busy tenth, 100% at the
 * median.
 */
export const IDLE_LOOP_UTILIZATION = 0.3;

/** How many thread commits in a row must find the loop idle before groups go inline. */
export const IDLE_MEASURES_FOR_INLINE = 3;

/** How many groups go inline after such a measure, before the thread measures again. */
export const INLINE_GROUPS_PER_MEASURE = 16;

/**
 * The store's default: commits a group on the event loop when holding the loop would hold up
 * nobody, and in the writer thread when the loop has other work to do meanwhile.
 *
 * - A group of one append: nothing else was waiting for the commit before it, so it is a lone
 *   appender, for whom the thread's two hand-offs (there and back) would be all of the
 *   difference. On the loop.
 * - A larger group: concurrent appends. In the thread, measuring how busy the loop was during
 *   the commit. Serving requests (the API under load: it goes on accepting and deciding while
 *   the commit is on disk), the next groups go to the thread too. Found idle by
 *   IDLE_MEASURES_FOR_INLINE commits in a row (every appender was awaiting the very commit, as
 *   a batch job's or a benchmark's appenders do; a loaded API's loop also looks idle now and
 *   then, where its load starts or pauses, but not three commits running), the next
 *   INLINE_GROUPS_PER_MEASURE groups are committed on the loop, which spares each the two
 *   hand-offs between the threads (on this machine's virtual CPUs a woken thread answered 0.3 ms
 *   later each way, and the group crossed by the structured clone twice): then the thread
 *   measures again. A group the thread fails leaves the choice as it was.
 *
 * The store sends one group at a time, so the two connections never write at once.
 */
export class AdaptiveGroupWriter implements SqliteGroupWriter {
  /** Groups still to commit on the loop before the thread measures it again. */
  private inlineGroups = 0;
  /** The thread's latest commits in a row that found the loop idle. */
  private idleMeasures = 0;

  constructor(
    private readonly inline: SqliteGroupWriter,
    private readonly thread: SqliteGroupWriter,
    private readonly loopUtilization: LoopUtilizationMeter = nodeLoopUtilization,
  ) {}

  async write(group: readonly StampedAppend[]): Promise<AppendOutcome[]> {
    if (group.length === 1) return this.inline.write(group);
    if (this.inlineGroups > 0) {
      this.inlineGroups--;
      return this.inline.write(group);
    }
    const measured = this.loopUtilization();
    const outcomes = await this.thread.write(group);
    this.idleMeasures = measured() < IDLE_LOOP_UTILIZATION ? this.idleMeasures + 1 : 0;
    if (this.idleMeasures >= IDLE_MEASURES_FOR_INLINE) this.inlineGroups = INLINE_GROUPS_PER_MEASURE;
    return outcomes;
  }

  async close(): Promise<void> {
    await this.thread.close();
    await this.inline.close();
  }
}

/** Where the thread's entry module is, and what it opens. */
export interface WriterThreadOptions {
  readonly file: string;
  /**
   * The thread's Node options. Left out: in a build none (the thread runs the compiled .js);
   * under the specs (this module is .ts) the repository's TypeScript loader.
   */
  readonly execArgv?: readonly string[];
  readonly faults?: SqliteWriterFaults;
}

/** The writer thread died with a group in flight: that group's outcome is unknown. */
class WriterThreadStopped extends Error {}

export class ThreadGroupWriter implements SqliteGroupWriter {
  private readonly thread: RequestThread<WriterRequest, GroupAnswer>;
  private closed = false;

  /**
   * The thread starts with the first group, so that a store opened only to read (a projector,
   * a replay, a verification) runs no writer; a thread that cannot open its connection fails
   * that group, and the next group tries again.
   */
  constructor(private readonly options: WriterThreadOptions) {
    this.thread = new RequestThread(
      () => ({
        module: 'sqlite-writer.worker',
        name: 'writer',
        workerData: { file: options.file },
        execArgv: options.execArgv,
      }),
      (why) => new WriterThreadStopped(why),
    );
  }

  async write(group: readonly StampedAppend[]): Promise<AppendOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      const fault = this.options.faults?.(group, attempt);
      try {
        const answer = await this.send({ kind: 'write', group: flattenGroup(group), fault });
        if (answer.kind === 'written') return answer.outcomes.map(fromWire);
        throw Object.assign(
          new Error(answer.message),
          answer.code === undefined ? {} : { code: answer.code },
        );
      } catch (error) {
        if (!(error instanceof WriterThreadStopped)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new Error(
            `the SQLite writer thread stopped ${attempt} times while writing this group (${error.message}); ` +
              'its appends were not written',
          );
        }
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.thread.stop();
  }

  private async send(request: WriterRequest): Promise<GroupAnswer> {
    if (this.closed) throw new Error('the SQLite writer is closed');
    return this.thread.request(request);
  }
}

/** The writer thread's side of a fault: throws or exits at the chosen stage. */
export function injectFault(fault: SqliteWriterFault, stage: GroupCommitStage, exit?: () => never): void {
  if (fault === 'io-error' && stage === 'begun') {
    throw Object.assign(new Error('disk I/O error (injected by a test)'), { code: 'SQLITE_IOERR' });
  }
  if (
    (fault === 'exit-after-begin' && stage === 'begun') ||
    (fault === 'exit-after-commit' && stage === 'committed')
  ) {
    exit?.();
  }
}
