import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeReadModelStoreContract, event } from '../read-model-store.contract.js';
import { READ_MODELS_VERSION } from '../read-models-version.js';
import { READ_MODELS_FILE, SqliteReadModelStore } from './sqlite-read-model-store.js';
import { auditEntryOf } from '../../audit/audit-entry.mapping.js';

describeReadModelStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  return {
    open: async () => SqliteReadModelStore.open({ dataDir: dir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteReadModelStore', () => {
  it('lets other work on the thread run while it serializes a commit, and stores it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    // A slice of 0 ms: a turn for other work after every document.
    const store = SqliteReadModelStore.open({ dataDir: dir, serializationSliceMs: 0 });
    try {
      const documents = ['a', 'b', 'c'].map((key) => ({ projection: 'p', key, body: { key } }));
      // Other work waiting for the thread, queued before the commit starts.
      let turns = 0;
      setImmediate(() => turns++);
      await store.commit({ documents, auditEntries: [], checkpoints: [{ projection: 'p', from: 0, to: 3 }] });
      expect(turns).toBe(1);
      expect(await store.listDocuments('p')).toEqual(documents);
      expect((await store.checkpoints()).get('p')).toBe(3);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checkpoints its write-ahead log from a thread of its own, never inside a commit, and bounds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = SqliteReadModelStore.open({ dataDir: dir, checkpointIntervalMs: 10 });
    const connection = (store as unknown as { db: Database.Database }).db;
    const walBytes = (): number => statSync(join(dir, `${READ_MODELS_FILE}-wal`)).size;
    try {
      // The thread starts in the background; the connection then stops checkpointing.
      while (connection.pragma('wal_autocheckpoint', { simple: true }) !== 0)
        await new Promise((resolve) => setTimeout(resolve, 5));
      // 40 commits of 250 KB each: 10 MB through a log that nobody on this thread checkpoints.
      const body = { text: 'x'.repeat(250_000) };
      for (let n = 0; n < 40; n++) {
        await store.commit({
          documents: [{ projection: 'p', key: `k${n % 4}`, body }],
          auditEntries: [],
          checkpoints: [{ projection: 'p', from: n, to: n + 1 }],
        });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      // Checkpointed and restarted from its top: far smaller than what went through it.
      expect(walBytes()).toBeLessThan(4_000_000);
      expect((await store.checkpoints()).get('p')).toBe(40);
    } finally {
      await store.close();
    }
    // Closed: the thread is gone and the connection checkpointed the log away as it closed.
    expect(existsSync(join(dir, `${READ_MODELS_FILE}-wal`))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its file in the data folder, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    try {
      const store = SqliteReadModelStore.open({ dataDir: join(dir, 'nested') });
      await store.close();
      const db = new Database(join(dir, 'nested', READ_MODELS_FILE), { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records the version of its tables in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    try {
      const store = SqliteReadModelStore.open({ dataDir: dir });
      await store.close();
      const db = new Database(join(dir, READ_MODELS_FILE));
      expect(db.pragma('user_version', { simple: true })).toBe(READ_MODELS_VERSION);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('empties a file written with another version of its tables, for the projector to rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    try {
      const old = new Database(join(dir, READ_MODELS_FILE));
      old.exec(
        'CREATE TABLE projection_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);' +
          " INSERT INTO projection_checkpoints VALUES ('audit', 42);" +
          ' CREATE TABLE audit_entries (position INTEGER PRIMARY KEY, bloc_id TEXT, year INTEGER,' +
          ' unit_id TEXT, actor TEXT NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL);',
      );
      old.close();
      const store = SqliteReadModelStore.open({ dataDir: dir });
      try {
        expect(await store.checkpoints()).toEqual(new Map());
        const entry = auditEntryOf(event(1, { data: { blocId: 'b1', year: 2017, unitId: 'u1' } }));
        await store.commit({
          documents: [],
          auditEntries: [entry],
          checkpoints: [{ projection: 'audit', from: 0, to: 1 }],
        });
        expect(await store.searchAudit({ unitId: 'u1', limit: 10 })).toEqual([1]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
