/** Decides after each batch which sinks' pending changes to commit: all of them live, the full ones while catching up. */
import type { ReplayedEvent } from '@app/event-store';
import type { ReadModelSink } from '../read-model-sink.js';

/** What to commit after a batch. */
export interface DueCommits {
  /** The batch reached the head of the log as it was when the batch was read (not catching up). */
  readonly live: boolean;
  readonly commits: (readonly ReadModelSink[])[];
}

/**
 * Live, every batch commits everything, so that a write is readable at once. While catching
 * up (a rebuild, a restart behind the head: the batch was full and the log goes on), each sink
 * commits on its own schedule, once it holds enough (see `ReadModelSink.isFull`): fewer and
 * larger transactions, and a busy document written once per commit rather than per batch.
 */
export class CommitSchedule {
  constructor(
    private readonly headPosition: () => Promise<number>,
    /** The subscription's batch size: a batch this long may have more behind it. */
    private readonly batchSize: number,
  ) {}

  /**
   * The commits due after folding `events` (not empty), in order, each a group of sinks stored
   * together; and whether the batch was live (then the one commit holds every sink).
   */
  async commitsAfter(events: readonly ReplayedEvent[], sinks: readonly ReadModelSink[]): Promise<DueCommits> {
    const fullBatch = events.length >= this.batchSize;
    const catchingUp = fullBatch && (await this.headPosition()) > events[events.length - 1].position;
    if (!catchingUp) return { live: true, commits: [sinks] };
    return { live: false, commits: sinks.filter((sink) => sink.isFull).map((sink) => [sink]) };
  }
}
