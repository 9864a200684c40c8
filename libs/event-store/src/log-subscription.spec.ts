import { describe, expect, it } from '@jest/globals';
import type { LogFilter, RecordedEvent } from './event-store.port.js';
import {
  type LogChange,
  LogChangeSignal,
  type LogPage,
  LogSubscription,
  pageOf,
  skippedThrough,
} from './log-subscription.js';

/** A recorded event at a position; the loop only reads positions. */
const at = (position: number): RecordedEvent => ({ position }) as RecordedEvent;

/** A commit's events after `after` through `through`, of these types, on these streams. */
const change = (after: number, through: number, types: string[], streamIds: string[] = ['s']): LogChange => ({
  after,
  through,
  types: new Set(types),
  streamIds: new Set(streamIds),
});

describe('LogSubscription', () => {
  it('reads on from where its reader says the log was read, not from the last event it delivered', async () => {
    const signal = new LogChangeSignal();
    const asked: number[] = [];
    // Only 3 and 14 match: the reader read through 9 on the first read, 12 on the second, 15 after.
    const pages: LogPage[] = [
      { events: [at(3)], through: 9 },
      { events: [], through: 12 },
      { events: [at(14)], through: 15 },
    ];
    const delivered: number[] = [];
    const reader = async (after: number, _limit: number, _filter: LogFilter): Promise<LogPage> => {
      asked.push(after);
      return pages.shift() ?? pageOf([], after);
    };
    const subscription = new LogSubscription(reader, signal, { after: 0, types: ['Match'] }, (events) => {
      delivered.push(...events.map((event) => event.position));
    });
    const until = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setImmediate(resolve));
    };
    // Two reads, then it sleeps: the second page was empty.
    await until(() => asked.length === 2);
    signal.notify();
    // The third page delivers 14; the fourth is empty again.
    await until(() => asked.length === 4);
    signal.notify();
    await until(() => asked.length === 5);
    await subscription.stop();
    expect(delivered).toEqual([3, 14]);
    expect(asked).toEqual([0, 9, 12, 15, 15]);
  });

  it('reads on at once, without waiting for a change, while its reader stops short of the head', async () => {
    const signal = new LogChangeSignal();
    const asked: number[] = [];
    const pages: LogPage[] = [
      { events: [], through: 100, reachedHead: false },
      { events: [], through: 200, reachedHead: false },
      { events: [at(250)], through: 300 },
      { events: [], through: 300, reachedHead: true },
    ];
    const delivered: number[] = [];
    const subscription = new LogSubscription(
      async (after) => {
        asked.push(after);
        return pages.shift() ?? pageOf([], after);
      },
      signal,
      { after: 0, types: ['Match'] },
      (events) => void delivered.push(...events.map((event) => event.position)),
    );
    while (asked.length < 4) await new Promise((resolve) => setImmediate(resolve));
    // Asleep now: a fifth read needs a change.
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual([0, 100, 200, 300]);
    await subscription.stop();
    expect(delivered).toEqual([250]);
  });

  it('moves past described changes that hold nothing for its filter without reading, and reads the others', async () => {
    const signal = new LogChangeSignal();
    const asked: number[] = [];
    const delivered: number[] = [];
    // The log as the reader sees it: 12 is the one event of type Match; it ends at `head`.
    let head = 14;
    const subscription = new LogSubscription(
      async (after) => {
        asked.push(after);
        return after < 12 ? { events: [at(12)], through: 12 } : { events: [], through: head };
      },
      signal,
      { after: 10, types: ['Match'] },
      (events) => void delivered.push(...events.map((event) => event.position)),
    );
    const settle = async (): Promise<void> => {
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    };
    await settle();
    expect(asked).toEqual([10, 12]); // delivered 12, then read to the head (14) and slept
    // Two commits of other types after 14: no read, the checkpoint moves to 20.
    head = 20;
    signal.notify(change(14, 17, ['Other']));
    signal.notify(change(17, 20, ['Other', 'Else']));
    await settle();
    expect(asked).toEqual([10, 12]);
    // A commit with a Match among its types: read, from 20.
    head = 22; // its Match is not for this reader's filter after all: the read says so
    signal.notify(change(20, 22, ['Other', 'Match']));
    await settle();
    expect(asked).toEqual([10, 12, 20]);
    // A change said without a description (another writer): read.
    head = 30;
    signal.notify();
    await settle();
    expect(asked).toEqual([10, 12, 20, 22]);
    // A described change that does not start where the subscription stands (a gap): read.
    head = 32;
    signal.notify(change(31, 32, ['Other']));
    await settle();
    expect(asked).toEqual([10, 12, 20, 22, 30]);
    // And one that does: no read.
    head = 33;
    signal.notify(change(32, 33, ['Other']));
    await settle();
    expect(asked).toEqual([10, 12, 20, 22, 30]);
    await subscription.stop();
    expect(delivered).toEqual([12]);
  });

  it('skippedThrough: only contiguous changes that cannot match, and only with a filter', () => {
    const other = change(5, 8, ['Other'], ['cycle-a:2017']);
    expect(skippedThrough([other], 5, { types: ['Match'] })).toBe(8);
    expect(skippedThrough([other], 5, { streamPrefix: 'cycle-b' })).toBe(8);
    expect(skippedThrough([other], 5, { streamPrefix: 'cycle-a' })).toBeUndefined();
    // A type and a prefix must both hold for one event: either failing rules the change out.
    expect(skippedThrough([other], 5, { types: ['Other'], streamPrefix: 'cycle-b' })).toBe(8);
    expect(skippedThrough([other], 5, { types: ['Other'], streamPrefix: 'cycle-a' })).toBeUndefined();
    expect(skippedThrough([other], 5, {})).toBeUndefined();
    expect(skippedThrough([other], 4, { types: ['Match'] })).toBeUndefined();
    expect(skippedThrough(undefined, 5, { types: ['Match'] })).toBeUndefined();
    expect(skippedThrough([], 5, { types: ['Match'] })).toBeUndefined();
    // A change the read before the wait covered already is passed over.
    expect(skippedThrough([other, change(8, 9, ['Other'])], 8, { types: ['Match'] })).toBe(9);
  });

  it('LogChangeSignal remembers the described changes since a version, and says when it cannot', () => {
    const signal = new LogChangeSignal();
    const first = change(0, 1, ['A']);
    signal.notify(first);
    const seen = signal.version;
    const second = change(1, 3, ['B']);
    signal.notify(second);
    expect(signal.changesSince(seen)).toEqual([second]);
    expect(signal.changesSince(0)).toEqual([first, second]);
    expect(signal.changesSince(signal.version)).toEqual([]);
    signal.notify();
    expect(signal.changesSince(seen)).toBeUndefined();
    // Only the last 64 are kept.
    for (let n = 0; n < 70; n++) signal.notify(change(n, n + 1, ['A']));
    expect(signal.changesSince(signal.version - 64)).toHaveLength(64);
    expect(signal.changesSince(signal.version - 65)).toBeUndefined();
  });

  it('pageOf reads through the last event, or nowhere without one', () => {
    expect(pageOf([at(4), at(7)], 2)).toEqual({ events: [at(4), at(7)], through: 7 });
    expect(pageOf([], 5)).toEqual({ events: [], through: 5 });
  });
});
