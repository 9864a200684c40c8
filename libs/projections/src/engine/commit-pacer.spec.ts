import { describe, expect, it } from '@jest/globals';
import { CommitPacer, DEFAULT_PACING, pauseAfter, type Pacing } from './commit-pacer.js';

/** Pauses of an hour: a spec that waits one out fails on the test timeout instead. */
const hour: Pacing = { minIntervalMs: 3_600_000, maxIntervalMs: 3_600_000, maxThreadShare: 1 };

/** A pacer that has just committed, and so holds the next read for an hour. */
function justCommitted(isWanted: () => boolean = () => false): CommitPacer {
  const pacer = new CommitPacer({ pacing: hour, isWanted });
  pacer.working();
  pacer.committed();
  return pacer;
}

describe('pauseAfter', () => {
  it('leaves the commands the rest of the thread: work times (1 / share - 1)', () => {
    expect(pauseAfter(10, { minIntervalMs: 0, maxIntervalMs: 1_000, maxThreadShare: 0.1 })).toBeCloseTo(90);
    expect(pauseAfter(10, { minIntervalMs: 0, maxIntervalMs: 1_000, maxThreadShare: 0.5 })).toBeCloseTo(10);
  });

  it('keeps the pause within its bounds', () => {
    expect(pauseAfter(1, DEFAULT_PACING)).toBe(DEFAULT_PACING.minIntervalMs);
    expect(pauseAfter(1_000, DEFAULT_PACING)).toBe(DEFAULT_PACING.maxIntervalMs);
    expect(pauseAfter(1_000, { ...DEFAULT_PACING, maxThreadShare: 1 })).toBe(DEFAULT_PACING.minIntervalMs);
  });
});

describe('CommitPacer', () => {
  it('ends the pause once someone waits for a position', async () => {
    const pacer = justCommitted();
    const paused = pacer.pause(new AbortController().signal);
    pacer.expedite();
    await expect(paused).resolves.toBeUndefined();
  });

  it('does not pause while someone waits for a position', async () => {
    await expect(justCommitted(() => true).pause(new AbortController().signal)).resolves.toBeUndefined();
  });

  it('ends the pause when the projector stops, and does not start one after', async () => {
    const pacer = justCommitted();
    const stopping = new AbortController();
    const paused = pacer.pause(stopping.signal);
    stopping.abort();
    await expect(paused).resolves.toBeUndefined();
    await expect(pacer.pause(stopping.signal)).resolves.toBeUndefined();
  });

  it('does not pause before its first commit', async () => {
    const pacer = new CommitPacer({ pacing: hour, isWanted: () => false });
    await expect(pacer.pause(new AbortController().signal)).resolves.toBeUndefined();
  });
});
