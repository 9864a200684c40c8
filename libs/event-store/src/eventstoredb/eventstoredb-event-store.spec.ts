import { describe, expect, it } from '@jest/globals';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import type { EventStore } from '../event-store.port.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING?.trim();

if (connectionString) {
  // One server for every test: the contract works in streams of its own and after the head it found.
  describeEventStoreContract('eventstoredb', async () => {
    const { EventStoreDbEventStore } = await import('./eventstoredb-event-store.js');
    const opened: EventStore[] = [];
    const open = async (): Promise<EventStore> => {
      const store = await EventStoreDbEventStore.open({ connectionString });
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      idempotency: 'stream',
      cleanup: async () => {
        await Promise.all(opened.map((store) => store.close()));
      },
    };
  });
} else {
  console.log(
    'EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set (no server can run here; see README "Beyond one machine")',
  );
  // Not the contract: a smoke check that the adapter and its client load; its name says so.
  describe('EventStoreDbEventStore without a server (contract skipped: EVENTSTORE_CONNECTION_STRING is not set)', () => {
    it('loads the adapter and maps expected revisions both ways (smoke check only)', async () => {
      const adapter = await import('./eventstoredb-event-store.js');
      const mapping = await import('./eventstoredb-mapping.js');
      expect(typeof adapter.EventStoreDbEventStore.open).toBe('function');
      for (const expected of ['no_stream', 'any', 'exists', 0, 41] as const) {
        expect(mapping.fromClientExpectedRevision(mapping.toClientExpectedRevision(expected))).toBe(expected);
      }
      expect(mapping.toClientExpectedRevision(41)).toBe(41n);
    });
  });
}
