/**
 * The deadline lock, on both kinds of store: one holder at a time, the next one in once it is
 * released, a waiter stopped by its signal. (The lock dying with its process is covered by
 * test/deadlines-takeover.e2e-spec.ts, which kills the holder.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openScratchDatabase, type ScratchDatabase } from '@app/event-store/testing';
import { postgresProcessLock, type ProcessLock, sqliteProcessLock } from './process-lock.js';

const RETRY_MS = 20;

function lockContract(name: string, open: () => ProcessLock) {
  describe(name, () => {
    it('is held by one caller at a time; the next takes it once released', async () => {
      const lock = open();
      const first = await lock.acquire(new AbortController().signal);
      let secondHeld = false;
      const second = lock.acquire(new AbortController().signal).then((held) => {
        secondHeld = true;
        return held;
      });
      // The waiter retries every RETRY_MS: several rounds pass while the first holds the lock.
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 5));
      expect(secondHeld).toBe(false);
      await first.release();
      await (await second).release();
      expect(secondHeld).toBe(true);
    });

    it("stops waiting when the waiter's signal aborts", async () => {
      const lock = open();
      const held = await lock.acquire(new AbortController().signal);
      const abort = new AbortController();
      const waiting = lock.acquire(abort.signal);
      abort.abort(new Error('stopping'));
      await expect(waiting).rejects.toThrow('stopping');
      await held.release();
    });
  });
}

let dataDir: string;
let scratch: ScratchDatabase;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'deadline-lock-'));
  scratch = await openScratchDatabase('deadline_lock');
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await scratch.drop();
});

lockContract('sqliteProcessLock', () => sqliteProcessLock(dataDir, 'deadline-spec', RETRY_MS));
lockContract('postgresProcessLock', () =>
  postgresProcessLock(scratch.connectionString, 'deadline-spec', RETRY_MS),
);
