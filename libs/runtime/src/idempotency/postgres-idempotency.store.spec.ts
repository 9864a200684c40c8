import { afterAll, beforeAll } from '@jest/globals';
import { openScratchDatabase, type ScratchDatabase } from '@app/event-store/testing';
import { idempotencyStoreContract } from './idempotency.contract.js';
import { PostgresIdempotencyStore } from './postgres-idempotency.store.js';

// DATABASE_URL (CI) or the local development server; see openScratchDatabase.
let database: ScratchDatabase;
let schema: string;

beforeAll(async () => {
  database = await openScratchDatabase('api_idem');
});

afterAll(async () => {
  await database?.drop();
});

idempotencyStoreContract('PostgresIdempotencyStore', () => ({
  open: () => PostgresIdempotencyStore.connect(database.connectionString, schema),
  reset: async () => {
    schema = database.newSchema();
  },
}));
