import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeReadModelStoreContract, event } from '../read-model-store.contract.js';
import { READ_MODELS_VERSION } from '../read-models-version.js';
import { READ_MODELS_FILE, SqliteReadModelStore } from './sqlite-read-model-store.js';
import { auditEntryOf } from '../../audit/audit-entry.mapping.js';
import { CheckpointConflictError } from '../../projection.errors.js';
import { type ReadModelWriterFault, WriterThreadStoppedError } from './sqlite-read-model-writer.js';

describeReadModelStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  return {
    open: async () => SqliteReadModelStore.open({ dataDir: dir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeReadModelStoreContract('sqlite, written in a thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  return {
    open: async () => SqliteReadModelStore.open({ dataDir: dir, writer: 'thread' }),
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

  describe('written in a thread', () => {
    const entry = (position: number, unitId: string) =>
      auditEntryOf(event(position, { data: { blocId: 'b1', year: 2017, unitId } }));

    it('stores nothing of a commit whose thread dies before COMMIT, all of one that dies after, and goes on in a new thread', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
      const faults: (ReadModelWriterFault | undefined)[] = [
        undefined,
        'exit-before-commit',
        'exit-after-commit',
      ];
      const store = SqliteReadModelStore.open({
        dataDir: dir,
        writer: 'thread',
        writerFaults: () => faults.shift(),
      });
      try {
        await store.commit({
          documents: [{ projection: 'p', key: 'k', body: { n: 1 } }],
          auditEntries: [entry(1, 'u1')],
          checkpoints: [{ projection: 'p', from: 0, to: 1 }],
        });
        const second = {
          documents: [{ projection: 'p', key: 'k', body: { n: 2 } }],
          auditEntries: [entry(2, 'u2')],
          checkpoints: [{ projection: 'p', from: 1, to: 2 }],
        };
        await expect(store.commit(second)).rejects.toBeInstanceOf(WriterThreadStoppedError);
        expect((await store.checkpoints()).get('p')).toBe(1);
        expect(await store.loadDocument('p', 'k')).toEqual({ n: 1 });
        expect(await store.searchAudit({ limit: 10 })).toEqual([1]);
        // Sent again (as the projector would, from the stored checkpoint), to a thread that dies after its COMMIT.
        await expect(store.commit(second)).rejects.toBeInstanceOf(WriterThreadStoppedError);
        expect((await store.checkpoints()).get('p')).toBe(2);
        expect(await store.loadDocument('p', 'k')).toEqual({ n: 2 });
        // Its outcome is in the file: sent once more, it conflicts and changes nothing.
        await expect(store.commit(second)).rejects.toBeInstanceOf(CheckpointConflictError);
        await store.commit({
          documents: [],
          auditEntries: [entry(3, 'u1')],
          checkpoints: [{ projection: 'p', from: 2, to: 3 }],
        });
        expect(await store.searchAudit({ limit: 10 })).toEqual([1, 2, 3]);
        expect(await store.searchAudit({ unitId: 'u1', limit: 10 })).toEqual([1, 3]);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('indexes from empty lists after a reset, and from the file after reopening', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
      try {
        const store = SqliteReadModelStore.open({ dataDir: dir, writer: 'thread' });
        try {
          for (let position = 1; position <= 3; position++)
            await store.commit({
              documents: [{ projection: 'p', key: 'k', body: { position } }],
              auditEntries: [entry(position, 'u1')],
              checkpoints: [{ projection: 'audit', from: position - 1, to: position }],
            });
          await store.reset();
          expect(await store.checkpoints()).toEqual(new Map());
          expect(await store.searchAudit({ limit: 10 })).toEqual([]);
          for (let position = 1; position <= 2; position++)
            await store.commit({
              documents: [],
              auditEntries: [entry(position, 'u2')],
              checkpoints: [{ projection: 'audit', from: position - 1, to: position }],
            });
          expect(await store.searchAudit({ unitId: 'u2', limit: 10 })).toEqual([1, 2]);
          expect(await store.searchAudit({ unitId: 'u1', limit: 10 })).toEqual([]);
        } finally {
          await store.close();
        }
        const reopened = SqliteReadModelStore.open({ dataDir: dir, writer: 'thread' });
        try {
          await reopened.commit({
            documents: [],
            auditEntries: [entry(3, 'u2')],
            checkpoints: [{ projection: 'audit', from: 2, to: 3 }],
          });
          expect(await reopened.searchAudit({ unitId: 'u2', limit: 10 })).toEqual([1, 2, 3]);
          expect(await reopened.searchAudit({ limit: 10 })).toEqual([1, 2, 3]);
        } finally {
          await reopened.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
