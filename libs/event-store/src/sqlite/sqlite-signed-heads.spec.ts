import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { describeSignedHeadsContract } from '../contract/signed-heads.contract.js';
import { createSignedHeadStore } from '../signed-head-store.factory.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { SQLITE_HEADS_FILE, SqliteSignedHeadStore } from './sqlite-signed-head-store.js';

describeSignedHeadsContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'signed-heads-'));
  const file = join(dir, 'events.sqlite');
  const store = await SqliteEventStore.open({ file, pollIntervalMs: 20 });
  const heads = SqliteSignedHeadStore.open(join(dir, SQLITE_HEADS_FILE));
  const raw = (run: (db: Database.Database) => void): Promise<void> => {
    const db = new Database(file);
    try {
      run(db);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  return {
    store,
    heads,
    deleteAfter: (position) => raw((db) => db.prepare('DELETE FROM events WHERE position > ?').run(position)),
    overwrite: (position, dataJson, hash) =>
      raw((db) => db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(dataJson, hash, position)),
    cleanup: async () => {
      await Promise.all([store.close(), heads.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteSignedHeadStore', () => {
  it('keeps its heads in a file of its own, readable by its owner only, and keeps the first head at a position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signed-heads-'));
    try {
      const heads = await createSignedHeadStore({ kind: 'sqlite', dataDir: dir });
      const head = { position: 3, hash: 'a'.repeat(64), recordedAt: 'r', signedAt: 's', keyId: 'k', signature: 'x' };
      await heads.append(head);
      await heads.append({ ...head, signature: 'y' });
      await heads.append({ ...head, position: 1 });
      expect(await heads.all()).toEqual([{ ...head, position: 1 }, head]);
      expect(await heads.latest()).toEqual(head);
      await heads.close();
      expect((await stat(join(dir, SQLITE_HEADS_FILE))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
