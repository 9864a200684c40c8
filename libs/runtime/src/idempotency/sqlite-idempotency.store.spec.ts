import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store.js';

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
