import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { IDEMPOTENCY_FILE, SqliteIdempotencyStore } from './sqlite-idempotency.store.js';

const root = mkdtempSync(join(tmpdir(), 'blocs-idempotency-'));
let dataDir = root;
let run = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

idempotencyStoreContract('SqliteIdempotencyStore', () => ({
  open: async () => new SqliteIdempotencyStore(dataDir),
  reset: async () => {
    dataDir = join(root, `run-${++run}`);
  },
}));

describe('SqliteIdempotencyStore file', () => {
  it('is created readable by the server alone (0600), whatever the umask', async () => {
    const dir = join(root, 'mode');
    const previous = process.umask(0o022);
    try {
      const store = new SqliteIdempotencyStore(dir);
      await store.close();
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, IDEMPOTENCY_FILE)).mode & 0o777).toBe(0o600);
  });
});
