import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, escapeIdentifier } from 'pg';
import { describeSignedHeadsContract } from '../contract/signed-heads.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { openScratchDatabase, type ScratchDatabase } from '../testing/postgres-scratch-database.js';
import { PostgresSignedHeadStore } from './postgres-signed-head-store.js';

let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await openScratchDatabase('heads_spec');
});

afterAll(async () => {
  await scratch.drop();
});

describeSignedHeadsContract('postgres', async () => {
  const schema = scratch.newSchema();
  const store = await PostgresEventStore.open({ connectionString: scratch.connectionString, schema, pollIntervalMs: 200 });
  // The heads in a schema of their own, as in production (`audit`), not beside the events.
  const heads = await PostgresSignedHeadStore.open({ connectionString: scratch.connectionString, schema: scratch.newSchema() });
  const raw = async (sql: string, values: unknown[]): Promise<void> => {
    const client = new Client({ connectionString: scratch.connectionString });
    await client.connect();
    try {
      await client.query(sql, values);
    } finally {
      await client.end();
    }
  };
  const events = `${escapeIdentifier(schema)}.events`;
  return {
    store,
    heads,
    deleteAfter: (position) => raw(`DELETE FROM ${events} WHERE position > $1`, [position]),
    overwrite: (position, dataJson, hash) => raw(`UPDATE ${events} SET data = $1, hash = $2 WHERE position = $3`, [dataJson, hash, position]),
    cleanup: async () => {
      await Promise.all([store.close(), heads.close()]);
    },
  };
});

describe('PostgresSignedHeadStore', () => {
  it('is created by several processes starting at once, and keeps the first head at a position', async () => {
    const schema = scratch.newSchema();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresSignedHeadStore.open({ connectionString: scratch.connectionString, schema })),
    );
    try {
      const head = { position: 3, hash: 'a'.repeat(64), recordedAt: '2018-01-12T08:30:00.000Z', signedAt: 's', keyId: 'k', signature: 'x' };
      await Promise.all(stores.map((store, n) => store.append({ ...head, signature: `x${n}` })));
      await stores[0].append({ ...head, position: 1 });
      expect((await stores[1].all()).map((kept) => kept.position)).toEqual([1, 3]);
      expect(await stores[2].latest()).toMatchObject({ position: 3, recordedAt: '2018-01-12T08:30:00.000Z' });
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
