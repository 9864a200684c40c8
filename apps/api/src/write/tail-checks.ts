/**
 * The checks of the log's tail that vouch for the write side's cached folds (StreamFolds,
 * "Context checks"): once per turn that needs context, the store is asked for the stream and
 * revision of every event since the last check (EventStore.readLogTail), and each one is shown
 * to the folds, which drop the claims it contradicts. A fold's claim is a log position through
 * which it holds every event of its stream; the checks say which claims can be trusted.
 */
import type { EventStore } from '@app/event-store';

/**
 * Most events one check of the log's tail reads. A longer tail (another process wrote a great
 * deal since the last check) is not read: the checks start over, and no earlier claim holds.
 */
export const TAIL_CHECK_LIMIT = 5_000;

/** Told each event a check finds: its stream and revision. */
export type TailEvent = (streamId: string, revision: number) => void;

export class TailChecks {
  /** The last position the checks have seen; undefined before the first check, or after a failed one. */
  private checkedThrough?: number;
  /** Claims below this position are not trusted (the checks started, or started over, here). */
  private trustedFrom = Number.POSITIVE_INFINITY;
  /** How many checks have been applied: a read during which one was claims nothing. */
  private applied = 0;
  /** The last check, started or done: checks run one at a time, in order. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly found: TailEvent,
  ) {}

  /**
   * Checks the tail since the last check, after any check still running; answers whether the
   * claims it leaves can be trusted: false when the store lists no tail or the check failed
   * (every stream is then read).
   */
  check(): Promise<boolean> {
    const readLogTail = this.store.readLogTail?.bind(this.store);
    if (readLogTail === undefined) return Promise.resolve(false);
    const check = this.last.then(async () => {
      try {
        if (this.checkedThrough === undefined) {
          this.startAt(await this.store.headPosition());
          return true;
        }
        const tail = await readLogTail(this.checkedThrough, TAIL_CHECK_LIMIT);
        for (const { streamId, revision } of tail) this.found(streamId, revision);
        if (tail.length > 0) this.checkedThrough = tail[tail.length - 1].position;
        this.applied++;
        // Too long a tail to read: what lies past it is unknown, so no claim made so far holds.
        if (tail.length >= TAIL_CHECK_LIMIT) this.startAt(await this.store.headPosition());
        return true;
      } catch {
        // Nothing can be vouched for until the checks start over.
        this.checkedThrough = undefined;
        this.trustedFrom = Number.POSITIVE_INFINITY;
        this.applied++;
        return false;
      }
    });
    this.last = check;
    return check;
  }

  /** Whether a fold's claim (its completeThrough) can be trusted. */
  trusts(completeThrough: number | undefined): boolean {
    return completeThrough !== undefined && completeThrough >= this.trustedFrom;
  }

  /**
   * The claim a read starting now may make, to be taken once it is done: every event through
   * the last check, unless another check ran meanwhile (then none).
   */
  claimOfRead(): () => number | undefined {
    const claim = this.checkedThrough;
    const applied = this.applied;
    return () => (this.applied === applied ? claim : undefined);
  }

  /**
   * What an append of this process at `position` lets a fold that ends with it claim: the
   * position, unless a check has passed it already (it may have seen later events of the
   * stream then, which the fold does not hold).
   */
  claimAfterAppend(position: number): number | undefined {
    return this.checkedThrough !== undefined && position > this.checkedThrough ? position : undefined;
  }

  /** Starts the checks (again) at `head`: only claims made from now on are trusted. */
  private startAt(head: number): void {
    this.checkedThrough = head;
    this.trustedFrom = head;
    this.applied++;
  }
}
