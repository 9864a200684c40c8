import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { NewEvent } from '../event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { ThreadChainVerifier } from './sqlite-verifier.js';

const metadata = { actor: { sub: 'test', role: 'system' as const }, correlationId: 'c', causationId: 'c' };
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'Tested', data: { n }, metadata }));

describe('the chain verifier thread', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verifier-'));
    file = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks as the event loop does: the same report of an intact and of an altered log, kept links included', async () => {
    const store = await SqliteEventStore.open({ file, verifier: 'inline' });
    const verifier = new ThreadChainVerifier(file);
    try {
      for (let i = 0; i < 12; i++) await store.append(`s-${i % 3}`, newEvents(50), { expectedRevision: 'any' });
      const options = { keep: [100, 250, 600] };
      const intact = await verifier.verify(options);
      expect(intact).toMatchObject({ ok: true, checked: 600, head: { position: 600 } });
      expect([...intact.links.keys()]).toEqual([100, 250, 600]);
      expect(intact).toEqual(await store.verifyIntegrity(options));
      // From a trusted point on.
      const from = intact.links.get(250)!;
      expect(await verifier.verify({ from })).toEqual(await store.verifyIntegrity({ from }));
      expect((await verifier.verify({ from })).checked).toBe(350);

      const intruder = new Database(file);
      intruder.prepare(`UPDATE events SET data = json_set(data, '$.n', 99) WHERE position = 321`).run();
      intruder.close();
      const altered = await verifier.verify({});
      expect(altered).toMatchObject({ ok: false, checked: 320, brokenAt: 321, reason: 'altered' });
      expect(altered).toEqual(await store.verifyIntegrity({}));
    } finally {
      await verifier.close();
      await store.close();
    }
  });

  it('fails a walk when its thread cannot start, and starts a new thread for the next walk', async () => {
    const verifier = new ThreadChainVerifier(file);
    try {
      // No log file yet: the thread's read-only connection cannot open.
      await expect(verifier.verify({})).rejects.toThrow(/did not start/);
      const store = await SqliteEventStore.open({ file });
      await store.append('s', newEvents(3), { expectedRevision: 'no_stream' });
      await store.close();
      expect(await verifier.verify({})).toMatchObject({ ok: true, checked: 3 });
    } finally {
      await verifier.close();
    }
  });

  it('refuses walks once closed', async () => {
    const verifier = new ThreadChainVerifier(file);
    await verifier.close();
    await expect(verifier.verify({})).rejects.toThrow(/closed/);
  });
});
