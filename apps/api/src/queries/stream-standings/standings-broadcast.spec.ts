import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { type ReadModelDocuments, type StandingsDocument, standingsView } from '@app/projections';
import { BLOC, standings2017, YEAR } from '../../testing/held-read-models.js';
import {
  channelKey,
  type ProjectionProgress,
  StandingsBroadcast,
  type StandingsListener,
} from './standings-broadcast.js';

/** The engine's progress, moved by hand: `advance` is the projection committing up to a position. */
class HeldProgress implements ProjectionProgress {
  private reached = 10;
  private readonly waiters: { position: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Every wait asked for: the position, and whether it would end the projector's pause. */
  readonly waits: { position: number; expedites: boolean }[] = [];

  reachedPosition(): number {
    return this.reached;
  }

  waitForPosition(
    position: number,
    _timeoutMs: number,
    signal?: AbortSignal,
    options?: { readonly expedite?: boolean },
  ): Promise<void> {
    this.waits.push({ position, expedites: options?.expedite !== false });
    if (this.reached >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { position, resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  advance(to: number): void {
    this.reached = to;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.position <= to) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }
}

function heldDocuments(read: () => StandingsDocument) {
  const reads = { count: 0 };
  const readWaiters: { count: number; resolve: () => void }[] = [];
  const documents = {
    standingsDocument: async () => {
      reads.count += 1;
      for (const waiter of readWaiters.filter((w) => w.count <= reads.count)) waiter.resolve();
      return read();
    },
  } as unknown as ReadModelDocuments;
  /** Resolves once the documents have been read `count` times. */
  const readsReached = (count: number): Promise<void> =>
    reads.count >= count ? Promise.resolve() : new Promise((resolve) => readWaiters.push({ count, resolve }));
  return { documents, reads, readsReached };
}

/** A watcher that hands over each standings JSON as it arrives. */
function watcher(): StandingsListener & { next(): Promise<string>; ended: () => void; endedCount: number } {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  const self = {
    endedCount: 0,
    standings(json: string) {
      queue.push(json);
      wake?.();
    },
    ended() {
      self.endedCount += 1;
    },
    async next(): Promise<string> {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift()!;
    },
  };
  return self;
}

describe('StandingsBroadcast', () => {
  it('reads the standings once per step of the projection for all watchers of a bloc-year, and sends only changes', async () => {
    let current = standings2017;
    const progress = new HeldProgress();
    const { documents, reads, readsReached } = heldDocuments(() => current);
    const broadcast = new StandingsBroadcast(progress, documents);
    const first = watcher();
    const second = watcher();

    broadcast.subscribe(BLOC, YEAR, first);
    const initial = await first.next();
    expect(JSON.parse(initial)).toEqual(JSON.parse(JSON.stringify(standingsView(standings2017))));
    broadcast.subscribe(BLOC, YEAR, second);
    await expect(second.next()).resolves.toBe(initial);
    expect(broadcast.watchers(BLOC, YEAR)).toBe(2);

    // An event that leaves these standings as they were: read once, sent to nobody.
    progress.advance(11);
    await readsReached(2);
    current = { ...standings2017, phase: 'review' };
    progress.advance(12);
    const [a, b] = await Promise.all([first.next(), second.next()]);
    expect(JSON.parse(a)).toMatchObject({ phase: 'review', provisional: true });
    expect(b).toBe(a);
    expect(reads.count).toBe(3);
  });

  it('waits for the projection without hurrying it: an open stream leaves the projector its pacing', async () => {
    const progress = new HeldProgress();
    const broadcast = new StandingsBroadcast(progress, heldDocuments(() => standings2017).documents);
    const first = watcher();
    broadcast.subscribe(BLOC, YEAR, first);
    await first.next();
    progress.advance(11);
    await new Promise((resolve) => setImmediate(resolve));
    broadcast.onModuleDestroy();

    expect(progress.waits).toEqual([
      { position: 11, expedites: false },
      { position: 12, expedites: false },
    ]);
  });

  it('stops its loop when the last watcher leaves, and ends the streams when the module is destroyed', async () => {
    const progress = new HeldProgress();
    const broadcast = new StandingsBroadcast(progress, heldDocuments(() => standings2017).documents);
    const first = watcher();
    const leave = broadcast.subscribe(BLOC, YEAR, first);
    await first.next();
    const closed = once(broadcast, 'closed');
    leave();
    await expect(closed).resolves.toEqual([channelKey(BLOC, YEAR)]);
    expect(broadcast.watchers(BLOC, YEAR)).toBe(0);

    const second = watcher();
    broadcast.subscribe(BLOC, YEAR, second);
    await second.next();
    broadcast.onModuleDestroy();
    expect(second.endedCount).toBe(1);
    expect(broadcast.watchers(BLOC, YEAR)).toBe(0);
  });
});
