/**
 * An in-memory event store that pipelines appends as the port describes (`pipelinesAppends`,
 * `expectedLastEventId`), for the write side's specs. Appends are queued and written in the
 * order given, in group commits: a group is closed on `setImmediate` and committed on the next
 * one (its "fsync"), while the appends arriving meanwhile queue for the next group; each append
 * is checked (revision and last event id) when its group commits, against the stream as the
 * appends before it left it, and all are answered once the group is written. A chosen group
 * can be made to fail as a whole (its transaction rolled back), as a failed commit would.
 *
 * It keeps no hash chain and delivers no subscriptions: `verifyIntegrity` and `subscribe`
 * throw, and nothing on the write side calls them.
 */
import {
  type AppendOptions,
  type AppendResult,
  type ChainWalk,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  IdempotencyViolationError,
  type LogTailEntry,
  type Subscription,
  WrongExpectedRevisionError,
} from '@app/event-store';

interface QueuedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Why a group commit failed when a spec asked it to. */
export class CommitFailedError extends Error {
  constructor(readonly group: number) {
    super(`group commit ${group} failed`);
    this.name = 'CommitFailedError';
  }
}

export class PipeliningMemoryStore implements EventStore {
  readonly name = 'memory';
  readonly pipelinesAppends = true;

  /** Every group commit run so far, in order: the stream of each append it carried. */
  readonly groups: string[][] = [];
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private queue: QueuedAppend[] = [];
  private committing = false;
  private readonly failing = new Set<number>();

  /**
   * Lists the log's tail (EventStore.readLogTail) when the store was made with `listsTail`;
   * each call is counted in `tailReads`, and `failTailReads` makes the next ones fail.
   */
  readonly readLogTail?: (after: number, maxCount: number) => Promise<LogTailEntry[]>;
  tailReads = 0;
  failTailReads = false;

  /**
   * @param beforeCommit called as each group (1-based) is about to be written
   * @param options.listsTail whether the store offers readLogTail
   */
  constructor(
    private readonly beforeCommit: (group: number) => void = () => {},
    options: { readonly listsTail?: boolean } = {},
  ) {
    if (options.listsTail === true)
      this.readLogTail = async (after, maxCount) => {
        this.tailReads++;
        if (this.failTailReads) throw new Error('the tail cannot be read (a spec says so)');
        return this.log
          .slice(after, after + maxCount)
          .map(({ position, streamId, revision }) => ({ position, streamId, revision }));
      };
  }

  /** Global position of the last event written. */
  get head(): number {
    return this.log.length;
  }

  /** Makes the group commit with this 1-based number fail: none of its appends is written. */
  failGroup(group: number): void {
    this.failing.add(group);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('an append needs an event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Appends events at once, outside any group and without checks: another writer (another
   * process, the deadline tracker) moving a stream.
   */
  appendForeign(streamId: string, events: readonly NewEvent[]): AppendResult {
    return this.write(streamId, events);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (options.direction === 'backwards') {
      const from = options.fromRevision ?? stream.length - 1;
      return stream
        .slice(0, from + 1)
        .reverse()
        .slice(0, limit);
    }
    return stream.slice(options.fromRevision ?? 0).slice(0, limit);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after = 0, maxCount = Number.POSITIVE_INFINITY, types, streamPrefix } = options;
    return this.log
      .filter(
        (event) =>
          event.position > after &&
          (types === undefined || types.includes(event.type)) &&
          (streamPrefix === undefined ||
            event.streamId === streamPrefix ||
            event.streamId.startsWith(`${streamPrefix}:`)),
      )
      .slice(0, maxCount);
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  subscribe(): Subscription {
    throw new Error('PipeliningMemoryStore delivers no subscriptions');
  }

  verifyIntegrity(): Promise<ChainWalk> {
    return Promise.reject(new Error('PipeliningMemoryStore keeps no hash chain'));
  }

  async close(): Promise<void> {
    if (this.committing || this.queue.length > 0) throw new Error('closed with appends not committed');
  }

  private schedule(): void {
    if (this.committing || this.queue.length === 0) return;
    this.committing = true;
    setImmediate(() => {
      const group = this.queue;
      this.queue = [];
      this.groups.push(group.map((append) => append.streamId));
      const number = this.groups.length;
      setImmediate(() => {
        this.commit(number, group);
        this.committing = false;
        this.schedule();
      });
    });
  }

  private commit(number: number, group: readonly QueuedAppend[]): void {
    this.beforeCommit(number);
    if (this.failing.has(number)) {
      for (const append of group) append.reject(new CommitFailedError(number));
      return;
    }
    // Each append is checked against what the appends before it left; answers go out once the
    // whole group is written (durable).
    const answers: (() => void)[] = [];
    for (const append of group) {
      const stream = this.streams.get(append.streamId) ?? [];
      const last = stream.at(-1);
      const replayed = this.replayed(stream, append.events);
      if (replayed instanceof Error) {
        answers.push(() => append.reject(replayed));
      } else if (replayed !== undefined) {
        answers.push(() => append.resolve(replayed));
      } else if (!this.meets(append.options, last)) {
        const error = new WrongExpectedRevisionError(
          append.streamId,
          append.options.expectedRevision,
          last?.revision ?? -1,
        );
        answers.push(() => append.reject(error));
      } else {
        const result = this.write(append.streamId, append.events);
        answers.push(() => append.resolve(result));
      }
    }
    for (const answer of answers) answer();
  }

  private meets(
    { expectedRevision, expectedLastEventId }: AppendOptions,
    last: RecordedEvent | undefined,
  ): boolean {
    const revision = last?.revision ?? -1;
    const revisionHolds =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && revision === -1) ||
      (expectedRevision === 'exists' && revision >= 0) ||
      expectedRevision === revision;
    return revisionHolds && (expectedLastEventId === undefined || expectedLastEventId === last?.id);
  }

  /** The original answer when these exact events were appended to the stream already. */
  private replayed(
    stream: readonly RecordedEvent[],
    events: readonly NewEvent[],
  ): AppendResult | IdempotencyViolationError | undefined {
    const first = stream.findIndex((event) => event.id === events[0]!.id);
    if (first === -1) return undefined;
    const stored = stream.slice(first, first + events.length);
    if (stored.length !== events.length || stored.some((event, i) => event.id !== events[i]!.id))
      return new IdempotencyViolationError('some of the events were appended already, not all');
    return { nextExpectedRevision: stored.at(-1)!.revision, position: stored.at(-1)!.position };
  }

  private write(streamId: string, events: readonly NewEvent[]): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...event,
        streamId,
        revision: stream.length,
        position: this.log.length + 1,
        recordedAt: new Date(0).toISOString(),
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    return { nextExpectedRevision: stream.length - 1, position: this.log.length };
  }
}
