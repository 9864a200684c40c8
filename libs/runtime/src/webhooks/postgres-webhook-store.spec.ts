import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  dropSchema,
  openScratchDatabase,
  type ScratchDatabase,
  uniqueSchema,
} from '@app/event-store/testing';
import { PostgresWebhookStore } from './postgres-webhook-store.js';
import { describeWebhookStoreContract, type RawSecretRow } from './testing/webhook-store.contract.js';
import { WebhookSecretSealer } from './webhook-secret-sealer.js';

let database: ScratchDatabase;
beforeAll(async () => {
  database = await openScratchDatabase('webhooks');
});
afterAll(async () => {
  await database.drop();
});

/** Runs one statement on its own connection, bypassing the store. */
async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describeWebhookStoreContract('postgres', () => {
  const schema = uniqueSchema();
  return {
    open: (sealer) =>
      PostgresWebhookStore.open({
        connectionString: database.connectionString,
        schema,
        sealer,
        lockRetryMs: 5,
      }),
    rawSecrets: () =>
      sql<RawSecretRow>(
        `SELECT webhook_id AS "webhookId", secret, key_id AS "keyId" FROM ${schema}.webhook_secrets ORDER BY webhook_id`,
      ),
    writeRawSecret: async ({ webhookId, secret, keyId }) => {
      await sql(
        `INSERT INTO ${schema}.webhook_secrets (webhook_id, secret, key_id) VALUES ($1, $2, $3)
         ON CONFLICT (webhook_id) DO UPDATE SET secret = excluded.secret, key_id = excluded.key_id`,
        [webhookId, secret, keyId],
      );
    },
    dispose: () => dropSchema(database.connectionString, schema),
  };
});

describe('PostgresWebhookStore schema', () => {
  it('seals the secrets of a schema written before secrets were sealed (no key_id column)', async () => {
    const schema = uniqueSchema();
    await sql(`CREATE SCHEMA ${schema}`);
    await sql(`CREATE TABLE ${schema}.webhook_secrets (webhook_id text PRIMARY KEY, secret text NOT NULL)`);
    await sql(`INSERT INTO ${schema}.webhook_secrets VALUES ('w1', 'kept-in-clear-0123456789')`);
    const sealer = WebhookSecretSealer.random();
    const store = await PostgresWebhookStore.open({
      connectionString: database.connectionString,
      schema,
      sealer,
    });
    try {
      const [row] = await sql<{ secret: string; key_id: string }>(
        `SELECT secret, key_id FROM ${schema}.webhook_secrets`,
      );
      expect(row).toEqual({ secret: expect.any(String), key_id: sealer.keyId });
      expect(row!.secret).not.toContain('kept-in-clear');
      expect(await store.secretOf('w1')).toBe('kept-in-clear-0123456789');
    } finally {
      await store.close();
      await dropSchema(database.connectionString, schema);
    }
  });
});
