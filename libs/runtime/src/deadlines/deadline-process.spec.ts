/**
 * The loop around the tracker: it tracks only while it holds the lock, gives the lock up and
 * waits for it again when the lock is lost, and releases it when stopped. The lock is a fake
 * the spec controls; the spec waits on the process's own signals (onActive), not on time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createEventStore, type EventStore } from '@app/event-store';
import { DeadlineProcess } from './deadline-process.js';
import type { HeldLock, ProcessLock } from './process-lock.js';

/** A lock granted on each acquire, whose loss and releases the spec sees and causes. */
class FakeLock implements ProcessLock {
  readonly grants: { lose: () => void; released: boolean }[] = [];

  async acquire(signal: AbortSignal): Promise<HeldLock> {
    signal.throwIfAborted();
    let lose: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    const grant = { lose, released: false };
    this.grants.push(grant);
    return {
      lost,
      release: async () => {
        grant.released = true;
      },
    };
  }
}

describe('DeadlineProcess', () => {
  let dataDir: string;
  let store: EventStore;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deadline-process-'));
    store = await createEventStore({ kind: 'sqlite', dataDir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tracks while it holds the lock, takes it again after losing it, and releases it when stopped', async () => {
    const lock = new FakeLock();
    const changes: boolean[] = [];
    let onChange: () => void = () => undefined;
    const nextChange = () => new Promise<void>((resolve) => (onChange = resolve));
    const process = new DeadlineProcess({
      store,
      lock,
      clock: () => 0,
      tickMs: 10,
      onActive: (active) => {
        changes.push(active);
        onChange();
      },
    });

    let change = nextChange();
    process.start();
    await change;
    expect(process.isActive).toBe(true);

    change = nextChange();
    lock.grants[0]!.lose();
    await change;
    expect(process.isActive).toBe(false);
    expect(lock.grants[0]!.released).toBe(true);
    change = nextChange();
    await change;
    expect(process.isActive).toBe(true);

    await process.stop();
    expect(changes).toEqual([true, false, true, false]);
    expect(lock.grants.map((grant) => grant.released)).toEqual([true, true]);
  });
});
