import { describe, expect, it } from '@jest/globals';
import type { ReplayedEvent } from '@app/event-store';
import type { ReadModelSink } from '../read-model-sink.js';
import { CommitSchedule } from './commit-schedule.js';

const batch = (from: number, to: number): ReplayedEvent[] =>
  Array.from({ length: to - from + 1 }, (_, index) => ({ position: from + index }) as ReplayedEvent);

const sink = (name: string, isFull: boolean): ReadModelSink =>
  ({ checkpoints: [name], isFull }) as unknown as ReadModelSink;

describe('CommitSchedule', () => {
  const documents = sink('documents', true);
  const audit = sink('audit', false);
  const sinks = [documents, audit];

  it('commits every sink together after a batch shorter than the batch size (live)', async () => {
    const schedule = new CommitSchedule(async () => 1_000, 10);
    expect(await schedule.commitsAfter(batch(1, 9), sinks)).toEqual({ live: true, commits: [sinks] });
  });

  it('commits every sink together after a full batch that ends at the head (caught up)', async () => {
    const schedule = new CommitSchedule(async () => 10, 10);
    expect(await schedule.commitsAfter(batch(1, 10), sinks)).toEqual({ live: true, commits: [sinks] });
  });

  it('commits each full sink on its own, in order, while catching up', async () => {
    const schedule = new CommitSchedule(async () => 1_000, 10);
    expect(await schedule.commitsAfter(batch(1, 10), sinks)).toEqual({ live: false, commits: [[documents]] });
    const bothFull = [documents, sink('audit', true)];
    expect(await schedule.commitsAfter(batch(11, 20), bothFull)).toEqual({
      live: false,
      commits: [[bothFull[0]], [bothFull[1]]],
    });
  });

  it('commits nothing while catching up as long as no sink is full', async () => {
    const schedule = new CommitSchedule(async () => 1_000, 10);
    expect(await schedule.commitsAfter(batch(1, 10), [audit])).toEqual({ live: false, commits: [] });
  });
});
