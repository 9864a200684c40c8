import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { NewEvent } from '../event-store.port.js';
import { openEventsDatabase } from './sqlite-database.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { preallocateWal, walPreallocationBytes } from './sqlite-wal-file.js';

const metadata = { actor: { sub: 'test', role: 'system' as const }, correlationId: 'c', causationId: 'c' };
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'Tested', data: { n }, metadata }));

/** SQLite's defaults: 4 KiB pages, a checkpoint once the log holds 1,000 frames. */
const DEFAULT_TARGET = walPreallocationBytes(4096, 1000);

/** preallocateWal under the write lock, as the group commit runs it; the transaction writes nothing. */
function preallocateUnderWriteLock(db: Database.Database): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    return preallocateWal(db);
  } finally {
    db.exec('ROLLBACK');
  }
}

describe("the events file's write-ahead log, zero-filled ahead of the commits", () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wal-file-'));
    file = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const walBytes = async (of = file): Promise<number> => (await stat(`${of}-wal`)).size;

  it('is the size of one autocheckpoint interval of frames, with a quarter more', () => {
    expect(DEFAULT_TARGET).toBe(32 + 1250 * (24 + 4096));
    expect(walPreallocationBytes(1024, 100)).toBe(32 + 125 * (24 + 1024));
  });

  it("is filled by a store's first append, once, whichever writer commits it", async () => {
    for (const writer of ['inline', 'thread'] as const) {
      const store = await SqliteEventStore.open({ file: join(dir, `${writer}.sqlite`), writer });
      try {
        expect(await walBytes(join(dir, `${writer}.sqlite`))).toBeLessThan(DEFAULT_TARGET);
        await store.append('s-1', newEvents(1), { expectedRevision: 'no_stream' });
        expect(await walBytes(join(dir, `${writer}.sqlite`))).toBe(DEFAULT_TARGET);
        await store.append('s-1', newEvents(3), { expectedRevision: 0 });
        expect(await walBytes(join(dir, `${writer}.sqlite`))).toBe(DEFAULT_TARGET);
      } finally {
        await store.close();
      }
    }
  });

  it('leaves a store opened only to read, and a log already that long, as they are', async () => {
    const writing = await SqliteEventStore.open({ file });
    await writing.append('s-1', newEvents(2), { expectedRevision: 'no_stream' });
    const reading = await SqliteEventStore.open({ file });
    try {
      expect(await reading.readStream('s-1')).toHaveLength(2);
      const db = new Database(file);
      try {
        expect(preallocateUnderWriteLock(db)).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      await reading.close();
      await writing.close();
    }
    // The last connection's close checkpoints the log and deletes it; a store that only reads
    // finds it short and leaves it so.
    const reopened = await SqliteEventStore.open({ file });
    try {
      expect(await reopened.readStream('s-1')).toHaveLength(2);
      expect(await walBytes()).toBeLessThan(DEFAULT_TARGET);
    } finally {
      await reopened.close();
    }
  });

  it('keeps every commit through a crash: the zeros after the last frame end the log, before and after it starts again from the top', async () => {
    const store = await SqliteEventStore.open({ file, writer: 'inline' });
    try {
      await store.append('s-0', newEvents(5), { expectedRevision: 'no_stream' });
      const images: { copy: string; events: number }[] = [];
      // What the disk holds if the process dies now (no clean close, no checkpoint): the database
      // file and its log, the -shm index left behind as a crash leaves it.
      const crashImage = async (name: string, events: number): Promise<void> => {
        const copy = join(dir, `${name}.sqlite`);
        await copyFile(file, copy);
        await copyFile(`${file}-wal`, `${copy}-wal`);
        images.push({ copy, events });
      };
      await crashImage('early', 5);
      // 1,500 commits of one event: the log passes 1,000 frames, is checkpointed, and SQLite
      // writes from its top again, over its own earlier frames and then over the zeros.
      for (let n = 1; n <= 1500; n++) await store.append(`s-${n}`, newEvents(1), { expectedRevision: 'no_stream' });
      await crashImage('late', 1505);
      expect(await walBytes()).toBe(DEFAULT_TARGET);
      for (const { copy, events } of images) {
        const db = openEventsDatabase(copy);
        try {
          expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(events);
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          db.close();
        }
        const recovered = await SqliteEventStore.open({ file: copy });
        try {
          expect(await recovered.verifyIntegrity()).toMatchObject({ ok: true, checked: events });
          await recovered.append('after-crash', newEvents(2), { expectedRevision: 'no_stream' });
          expect(await recovered.readAll({ after: events })).toHaveLength(2);
        } finally {
          await recovered.close();
        }
      }
    } finally {
      await store.close();
    }
  });

  it('runs only under the write lock, and not for a memory database or a log without automatic checkpoints', () => {
    const db = openEventsDatabase(file);
    try {
      expect(() => preallocateWal(db)).toThrow(/inside a write transaction/);
      db.pragma('wal_autocheckpoint = 0');
      expect(preallocateUnderWriteLock(db)).toBe(0);
    } finally {
      db.close();
    }
    const memory = new Database(':memory:');
    try {
      expect(preallocateUnderWriteLock(memory)).toBe(0);
    } finally {
      memory.close();
    }
  });
});
