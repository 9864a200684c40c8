import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeReadModelStoreContract } from '../read-model-store.contract.js';
import { READ_MODELS_FILE, SqliteReadModelStore } from './sqlite-read-model-store.js';

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
});
