import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRecordedImportContract } from '../contract/recorded-import.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';

describeRecordedImportContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'import-target-'));
  const store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
