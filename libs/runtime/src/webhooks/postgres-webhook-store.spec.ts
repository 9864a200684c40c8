import { afterAll, beforeAll } from '@jest/globals';
import {
  dropSchema,
  openScratchDatabase,
  type ScratchDatabase,
  uniqueSchema,
} from '@app/event-store/testing';
import { PostgresWebhookStore } from './postgres-webhook-store.js';
import { describeWebhookStoreContract } from './testing/webhook-store.contract.js';

let database: ScratchDatabase;
beforeAll(async () => {
  database = await openScratchDatabase('webhooks');
});
afterAll(async () => {
  await database.drop();
});

describeWebhookStoreContract('postgres', () => {
  const schema = uniqueSchema();
  return {
    open: () =>
      PostgresWebhookStore.open({ connectionString: database.connectionString, schema, lockRetryMs: 5 }),
    dispose: () => dropSchema(database.connectionString, schema),
  };
});
