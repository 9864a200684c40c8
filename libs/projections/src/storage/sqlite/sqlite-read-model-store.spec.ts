import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeReadModelStoreContract, event } from '../read-model-store.contract.js';
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
      expect(db.pragma('user_version', { simple: true })).toBe(7);
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
