import { afterAll, beforeAll } from '@jest/globals';
import { describeRecordedImportContract } from '../contract/recorded-import.contract.js';
import { openScratchDatabase, type ScratchDatabase } from '../testing/postgres-scratch-database.js';
import { PostgresEventStore } from './postgres-event-store.js';

let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await openScratchDatabase('import_spec');
});

afterAll(async () => {
  await scratch.drop();
});

// Each test imports into an empty log: a schema of its own.
describeRecordedImportContract('postgres', async () => {
  const store = await PostgresEventStore.open({ connectionString: scratch.connectionString, schema: scratch.newSchema() });
  return { store, cleanup: () => store.close() };
});
