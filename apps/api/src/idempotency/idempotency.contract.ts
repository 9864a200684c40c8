/**
 * The behaviour every IdempotencyStore adapter must have; each adapter's spec runs it.
 */
import { describe, expect, it } from '@jest/globals';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency.port.js';

export interface IdempotencyStoreHarness {
  /** Opens the adapter on the same storage each time it is called within one test. */
  open(): Promise<IdempotencyStore>;
  /** Gives fresh, empty storage to the next test. */
  reset(): Promise<void>;
}

const record = (key: string, overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  principal: 'so-a-officer',
  key,
  requestHash: 'hash-1',
  statusCode: 201,
  body: { position: 7, events: ['PactSigned', 'PactInForce'] },
  ...overrides,
});

export function idempotencyStoreContract(name: string, harness: () => IdempotencyStoreHarness): void {
  describe(`${name} (idempotency store contract)`, () => {
    const withStore = async (test: (store: IdempotencyStore) => Promise<void>): Promise<void> => {
      await harness().reset();
      const store = await harness().open();
      try {
        await test(store);
      } finally {
        await store.close();
      }
    };

    it('finds nothing for a key never saved', () =>
      withStore(async (store) => {
        await expect(store.find('so-a-officer', 'k-1')).resolves.toBeUndefined();
      }));

    it('gives back the saved answer, for that principal only', () =>
      withStore(async (store) => {
        await store.exclusive('so-a-officer', 'k-1', () => store.save(record('k-1')));
        await expect(store.find('so-a-officer', 'k-1')).resolves.toEqual(record('k-1'));
        await expect(store.find('so-b-officer', 'k-1')).resolves.toBeUndefined();
      }));

    it('keeps the answers across a reopening', async () => {
      await harness().reset();
      const first = await harness().open();
      await first.exclusive('so-a-officer', 'k-2', () =>
        first.save(record('k-2', { statusCode: 201, body: { position: 1, events: [] } })),
      );
      await first.close();
      const second = await harness().open();
      try {
        await expect(second.find('so-a-officer', 'k-2')).resolves.toEqual(
          record('k-2', { body: { position: 1, events: [] } }),
        );
      } finally {
        await second.close();
      }
    });

    it('runs the work of one principal and key one at a time, and other keys alongside', () =>
      withStore(async (store) => {
        const log: string[] = [];
        let releaseFirst!: () => void;
        const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
        const first = store.exclusive('so-a-officer', 'k-3', async () => {
          log.push('first:start');
          await firstHolds;
          log.push('first:end');
        });
        const second = store.exclusive('so-a-officer', 'k-3', async () => {
          log.push('second:start');
        });
        const otherKey = store.exclusive('so-a-officer', 'k-4', async () => {
          log.push('other-key');
        });
        await otherKey;
        // Give the second holder of k-3 every chance to start early.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(log).toEqual(['first:start', 'other-key']);
        releaseFirst();
        await Promise.all([first, second]);
        expect(log).toEqual(['first:start', 'other-key', 'first:end', 'second:start']);
      }));

    it('releases a key when its work fails', () =>
      withStore(async (store) => {
        await expect(
          store.exclusive('so-a-officer', 'k-5', async () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await expect(store.exclusive('so-a-officer', 'k-5', async () => 'next')).resolves.toBe('next');
      }));
  });
}
