import { describe, expect, it } from '@jest/globals';
import type { LogFilter, RecordedEvent } from './event-store.port.js';
import { LogChangeSignal, type LogPage, LogSubscription, pageOf } from './log-subscription.js';

/** A recorded event at a position; the loop only reads positions. */
const at = (position: number): RecordedEvent => ({ position }) as RecordedEvent;

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

  it('pageOf reads through the last event, or nowhere without one', () => {
    expect(pageOf([at(4), at(7)], 2)).toEqual({ events: [at(4), at(7)], through: 7 });
    expect(pageOf([], 5)).toEqual({ events: [], through: 5 });
  });
});
