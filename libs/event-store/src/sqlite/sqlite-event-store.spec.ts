import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { createEventStore } from '../event-store.factory.js';
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { EventStore, NewEvent, RecordedEvent, ReplayedEvent } from '../event-store.port.js';
import type { GroupCommit } from '../group-commit-observer.js';
import { openEventsDatabase } from './sqlite-database.js';
import { FILTERED_SCAN_WINDOW, SqliteEventStore } from './sqlite-event-store.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A temp folder per test, removed afterwards with every store opened in it closed. */
async function temporaryFolder(): Promise<{
  dir: string;
  file: string;
  track: (store: EventStore) => EventStore;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'event-store-'));
  const opened: EventStore[] = [];
  return {
    dir,
    file: join(dir, 'events.sqlite'),
    track: (store) => (opened.push(store), store),
    cleanup: async () => {
      await Promise.all(opened.map((store) => store.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describeEventStoreContract('sqlite', async () => {
  const folder = await temporaryFolder();
  return {
    store: folder.track(await SqliteEventStore.open({ file: folder.file, pollIntervalMs: 20 })),
    reopen: async () => folder.track(await SqliteEventStore.open({ file: folder.file, pollIntervalMs: 20 })),
    cleanup: folder.cleanup,
  };
});

// Everything on the event loop: the inline writer, and the chain walked on the store's connection.
describeEventStoreContract('sqlite, inline writer and verifier', async () => {
  const folder = await temporaryFolder();
  const open = (): Promise<SqliteEventStore> =>
    SqliteEventStore.open({ file: folder.file, pollIntervalMs: 20, writer: 'inline', verifier: 'inline' });
  return {
    store: folder.track(await open()),
    reopen: async () => folder.track(await open()),
    cleanup: folder.cleanup,
  };
});

const metadata = { actor: { sub: 'test', role: 'system' as const }, correlationId: 'c', causationId: 'c' };
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'Tested', data: { n }, metadata }));

describe('SqliteEventStore', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let store: SqliteEventStore;

  beforeEach(async () => {
    folder = await temporaryFolder();
    store = await SqliteEventStore.open({ file: folder.file, pollIntervalMs: 20 });
    folder.track(store);
  });

  afterEach(async () => {
    await folder.cleanup();
  });

  /** A second connection to the same file, as another process or an intruder would have. */
  function rawConnection(): Database.Database {
    return new Database(folder.file);
  }

  describe('durability settings', () => {
    it('opens in WAL mode with synchronous FULL, read back from SQLite', () => {
      const db = openEventsDatabase(join(folder.dir, 'other.sqlite'));
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('synchronous', { simple: true })).toBe(2);
      } finally {
        db.close();
      }
    });

    it('keeps its temporary storage in memory: a multi-event append writes its savepoint journal to no temporary file', () => {
      const db = openEventsDatabase(join(folder.dir, 'other.sqlite'));
      try {
        expect(db.pragma('temp_store', { simple: true })).toBe(2);
      } finally {
        db.close();
      }
    });
  });

  describe('tamper evidence', () => {
    beforeEach(async () => {
      for (let i = 0; i < 5; i++) await store.append(`s-${i % 2}`, newEvents(2), { expectedRevision: 'any' });
    });

    it('reports an altered event at exactly its position', async () => {
      const db = rawConnection();
      db.prepare(`UPDATE events SET data = json_set(data, '$.n', 99) WHERE position = 6`).run();
      db.close();
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, checked: 5, brokenAt: 6 });
    });

    it('reports data that is no longer JSON, and an altered stamp or hash', async () => {
      const db = rawConnection();
      db.prepare(`UPDATE events SET data = 'not json' WHERE position = 9`).run();
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, checked: 8, brokenAt: 9 });
      db.prepare(`UPDATE events SET recorded_at = '2017-01-12T00:00:00.000Z' WHERE position = 3`).run();
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, brokenAt: 3 });
      db.prepare(`UPDATE events SET hash = ? WHERE position = 1`).run('f'.repeat(64));
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, brokenAt: 1 });
      db.close();
    });

    it('reports a removed event at the missing position', async () => {
      const db = rawConnection();
      db.prepare('DELETE FROM events WHERE position = 4').run();
      db.close();
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, checked: 3, brokenAt: 4 });
    });

    it('reports a removed event even when the next one is renumbered into its place', async () => {
      const db = rawConnection();
      db.prepare('DELETE FROM events WHERE position = 4').run();
      db.prepare('UPDATE events SET position = 4 WHERE position = 5').run();
      db.close();
      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, brokenAt: 4 });
    });

    it('verifies a log longer than one page', async () => {
      for (let i = 0; i < 3; i++) await store.append('long', newEvents(700), { expectedRevision: 'any' });
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 2110 });
    });
  });

  describe('group commit', () => {
    it('writes 64 concurrent appends in one transaction, each with its own result, failing only the conflicting one', async () => {
      await store.append('contended', newEvents(1), { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const commits: GroupCommit[] = [];
      store.observeGroupCommits((commit) => commits.push(commit));
      const appends = Array.from({ length: 64 }, (_, i) =>
        i === 31
          ? store.append('contended', newEvents(2), { expectedRevision: 3 })
          : store.append(`writer-${i}`, newEvents(1 + (i % 3)), { expectedRevision: 'no_stream' }),
      );
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes[31]).toMatchObject({
        status: 'rejected',
        reason: expect.any(WrongExpectedRevisionError),
      });
      const results = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      expect(results).toHaveLength(63);
      const log = await store.readAll({ after: head });
      const writtenEvents = outcomes.reduce((sum, _outcome, i) => (i === 31 ? sum : sum + 1 + (i % 3)), 0);
      expect(log).toHaveLength(writtenEvents);
      outcomes.forEach((outcome, i) => {
        if (outcome.status !== 'fulfilled') return;
        const stream = log.filter((event) => event.streamId === `writer-${i}`);
        expect(stream.map((event) => event.revision)).toEqual(
          Array.from({ length: 1 + (i % 3) }, (_, n) => n),
        );
        expect(outcome.value).toEqual({
          nextExpectedRevision: stream.length - 1,
          position: stream[stream.length - 1].position,
        });
      });
      expect(await store.readStream('contended')).toHaveLength(1);
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true });
      // Queued in one turn of the loop, written by one transaction.
      expect(commits).toEqual([expect.objectContaining({ appends: 64, committed: true })]);
    });

    it('answers appends accepted before close()', async () => {
      const pending = store.append('late', newEvents(2), { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toEqual({ nextExpectedRevision: 1, position: 2 });
      await expect(store.append('late', newEvents(1), { expectedRevision: 1 })).rejects.toThrow(/closed/);
    });
  });

  describe('clock', () => {
    it('stamps recordedAt from the injected clock', async () => {
      const clocked = folder.track(
        await SqliteEventStore.open({
          file: join(folder.dir, 'clocked.sqlite'),
          now: () => new Date('2018-01-12T08:30:00.123Z'),
        }),
      );
      await clocked.append('review', newEvents(2), { expectedRevision: 'no_stream' });
      expect((await clocked.readStream('review')).map((event) => event.recordedAt)).toEqual([
        '2018-01-12T08:30:00.123Z',
        '2018-01-12T08:30:00.123Z',
      ]);
    });
  });

  describe('partitions of the log', () => {
    it('splits the log by a key of each stream: every event in exactly one part, in position order, up to a bound', async () => {
      for (const [streamId, count] of [
        ['bloc-a', 2],
        ['cycle-a:2017', 3],
        ['bloc-b', 1],
        ['cycle-b:2017:u1', 2],
        ['bloc-c', 2],
        ['cycle-a:2017:u2', 1],
        ['cycle-c:2018', 2],
      ] as const) {
        const current = (await store.readStream(streamId)).length;
        // Actors and schema versions of their own, which a replay reads out of the metadata.
        const events = newEvents(count).map((event, index) => ({
          ...event,
          metadata: {
            ...event.metadata,
            actor: { sub: `officer-${streamId}-${index}`, name: 'Cán bộ', role: 'unit' as const },
            ...(index % 2 === 1 ? { schemaVersion: 2 } : {}),
          },
        }));
        await store.append(streamId, events, {
          expectedRevision: current === 0 ? 'no_stream' : current - 1,
        });
      }
      const keyOf = (streamId: string): string => streamId.replace(/^[a-z]+-/, '').split(':')[0];
      const parts = 3;
      const read = (part: number, upTo: number): ReplayedEvent[] => {
        const events: ReplayedEvent[] = [];
        for (let after = 0; ;) {
          const page = store.readPartition({ after, upTo, maxCount: 2, partition: { parts, part, keyOf } });
          if (page.length === 0) return events;
          events.push(...page);
          after = page[page.length - 1].position;
        }
      };
      const all = await store.readAll();
      // What a replay reads of each event: the actor's subject and schema version of its metadata.
      const replayed = all.map(({ position, type, data, metadata, recordedAt }) => ({
        position,
        type,
        data,
        metadata: { actor: { sub: metadata.actor.sub }, schemaVersion: metadata.schemaVersion },
        recordedAt,
      }));
      const streamAt = new Map(all.map((event) => [event.position, event.streamId]));
      for (const upTo of [all.length, 9]) {
        const byPart = [0, 1, 2].map((part) => read(part, upTo));
        // Each part in position order, the parts together exactly the log up to the bound.
        for (const events of byPart) {
          expect(events.map((event) => event.position)).toEqual(
            [...events.map((event) => event.position)].sort((a, b) => a - b),
          );
        }
        expect(byPart.flat().sort((a, b) => a.position - b.position)).toEqual(replayed.slice(0, upTo));
        // A key's streams all in one part: the bloc and its cycles together.
        for (const key of ['a', 'b', 'c']) {
          const holding = byPart.filter((events) =>
            events.some((event) => keyOf(streamAt.get(event.position) ?? '') === key),
          );
          expect(holding.length).toBeLessThanOrEqual(1);
        }
      }
      expect(() =>
        store.readPartition({ after: 0, upTo: 5, maxCount: 1, partition: { parts: 2, part: 2, keyOf } }),
      ).toThrow(RangeError);
    });
  });

  describe('filtered subscriptions', () => {
    it('scan a long log in windows and deliver what matches in each, the last one included', async () => {
      const match = (): NewEvent[] => [{ ...newEvents(1)[0]!, type: 'Match' }];
      let revision = -1;
      const append = async (batch: NewEvent[]): Promise<void> => {
        const result = await store.append('many', batch, {
          expectedRevision: revision < 0 ? 'no_stream' : revision,
        });
        revision = result.nextExpectedRevision;
      };
      // Positions 1-6 others, 7 a match, then others up to the third window, where 2W + 3 matches.
      await append(newEvents(6));
      await append(match());
      for (let left = FILTERED_SCAN_WINDOW * 2 - 5; left > 0; left -= 2_500)
        await append(newEvents(Math.min(left, 2_500)));
      await append(match());
      const delivered: number[] = [];
      const subscription = store.subscribe({ after: 0, types: ['Match'] }, (batch) => {
        delivered.push(...batch.map((event) => event.position));
      });
      await append(match());
      while (delivered.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      await subscription.stop();
      expect(delivered).toEqual([7, FILTERED_SCAN_WINDOW * 2 + 3, FILTERED_SCAN_WINDOW * 2 + 4]);
    });

    it("move past this store's commits that hold nothing for them without reading the log, and still see the rest", async () => {
      const match = (): NewEvent[] => [{ ...newEvents(1)[0]!, type: 'Match' }];
      const delivered: number[] = [];
      const subscription = store.subscribe({ after: 0, types: ['Match'] }, (batch) => {
        delivered.push(...batch.map((event) => event.position));
      });
      await new Promise((resolve) => setTimeout(resolve, 10)); // caught up, asleep
      const reads = jest.spyOn(store as unknown as { readLogPage: () => unknown }, 'readLogPage');
      // Ten commits of other events: described by the store, none for this filter.
      for (let n = 0; n < 10; n++)
        await store.append(`others-${n}`, newEvents(2), { expectedRevision: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(reads).not.toHaveBeenCalled();
      // One commit with a match among others: read, and delivered.
      await store.append('mixed', [...newEvents(1), ...match()], { expectedRevision: 'no_stream' });
      while (delivered.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(reads).toHaveBeenCalled();
      // Another connection's match between two of this store's commits: seen by the gap it leaves.
      const other = folder.track(await SqliteEventStore.open({ file: folder.file }));
      await other.append('from-other', match(), { expectedRevision: 'no_stream' });
      await store.append('after-other', newEvents(1), { expectedRevision: 'no_stream' });
      while (delivered.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      await subscription.stop();
      reads.mockRestore();
      expect(delivered).toEqual([22, 23]);
    });
  });

  describe('several processes on one file', () => {
    it('delivers to a subscription the events another connection appends, by polling', async () => {
      const delivered: RecordedEvent[] = [];
      let allDelivered!: () => void;
      const sixDelivered = new Promise<void>((resolve) => (allDelivered = resolve));
      const subscription = store.subscribe({ after: 0 }, (batch) => {
        delivered.push(...batch);
        if (delivered.length >= 6) allDelivered();
      });
      const writer = folder.track(await SqliteEventStore.open({ file: folder.file }));
      await writer.append('from-api', newEvents(3), { expectedRevision: 'no_stream' });
      await store.append('from-projector', newEvents(1), { expectedRevision: 'no_stream' });
      await writer.append('from-api', newEvents(2), { expectedRevision: 2 });
      await sixDelivered;
      await subscription.stop();
      expect(delivered.map((event) => event.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 6 });
    });
  });

  describe('factory', () => {
    it('creates the data folder and opens <dataDir>/events.sqlite', async () => {
      const dataDir = join(folder.dir, 'nested', 'data');
      const created = folder.track(await createEventStore({ kind: 'sqlite', dataDir }));
      await created.append('bloc-k4', newEvents(1), { expectedRevision: 'no_stream' });
      expect(created.name).toBe('sqlite');
      expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    });
  });

  describe('crash', () => {
    it('keeps every acknowledged append and no half-written batch after SIGKILL', async () => {
      await store.close();
      const child = spawn(
        process.execPath,
        [
          '--import',
          join(repoRoot, 'test/support/ts-loader.mjs'),
          fileURLToPath(new URL('../testing/crash-appender.ts', import.meta.url)),
          folder.file,
        ],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, NODE_OPTIONS: '' },
        },
      );
      const acknowledged: Array<{ stream: string; revision: number; ids: string[] }> = [];
      let stderr = '';
      let partial = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(signal ?? code)),
      );
      // Killed once it has acknowledged 300 appends (or settled when it stops by itself).
      let enoughAcknowledged!: () => void;
      const killable = new Promise<void>((resolve) => (enoughAcknowledged = resolve));
      void exited.then(() => enoughAcknowledged());
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) acknowledged.push(JSON.parse(line));
        if (acknowledged.length >= 300) enoughAcknowledged();
      });
      await killable;
      if (child.exitCode !== null)
        throw new Error(`the crash appender stopped by itself (${child.exitCode}): ${stderr}`);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);

      const reopened = folder.track(await SqliteEventStore.open({ file: folder.file }));
      for (const ack of acknowledged) {
        const stored = await reopened.readStream(ack.stream, {
          fromRevision: ack.revision - ack.ids.length + 1,
          maxCount: ack.ids.length,
        });
        expect(stored.map((event) => event.id)).toEqual(ack.ids);
      }
      const log = await reopened.readAll();
      const batches = new Map<string, { size: number; indexes: number[] }>();
      for (const event of log) {
        const { batch, index, size } = event.data as { batch: string; index: number; size: number };
        const entry = batches.get(batch) ?? { size, indexes: [] };
        entry.indexes.push(index);
        batches.set(batch, entry);
      }
      for (const { size, indexes } of batches.values())
        expect(indexes).toEqual(Array.from({ length: size }, (_, n) => n));
      expect(log.map((event) => event.position)).toEqual(log.map((_, n) => n + 1));
      expect(await reopened.verifyIntegrity()).toMatchObject({ ok: true, checked: log.length });
    });
  });
});
