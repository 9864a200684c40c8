/**
 * The behaviour every IdempotencyStore adapter must have; each adapter's spec runs it.
 */
import { describe, expect, it } from '@jest/globals';
import {
  type IdempotencyAnswer,
  type IdempotencyRecord,
  IdempotencyRecordConflictError,
  type IdempotencyStore,
  type StoredIdempotencyRecord,
} from './idempotency.port.js';

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

const answer = ({ requestHash, statusCode, body }: IdempotencyRecord): IdempotencyAnswer => ({
  requestHash,
  statusCode,
  body,
});

/** More keys at once than any adapter's pool has connections. */
const CONCURRENT_KEYS = 50;

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
        await store.exclusive('so-a-officer', 'k-1', (held) => held.save(answer(record('k-1'))));
        await expect(store.find('so-a-officer', 'k-1')).resolves.toEqual(record('k-1'));
        await expect(store.find('so-b-officer', 'k-1')).resolves.toBeUndefined();
      }));

    it('keeps the answers across a reopening', async () => {
      await harness().reset();
      const first = await harness().open();
      await first.exclusive('so-a-officer', 'k-2', (held) =>
        held.save(answer(record('k-2', { statusCode: 201, body: { position: 1, events: [] } }))),
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

    it(
      'reads and records many keys held at once, then still serves the next key',
      () =>
        withStore(async (store) => {
          const keys = Array.from({ length: CONCURRENT_KEYS }, (_, i) => `many-${i}`);
          const found = await Promise.all(
            keys.map((key) =>
              store.exclusive('so-a-officer', key, async (held) => {
                const earlier = await held.find();
                await held.save(answer(record(key)));
                return earlier;
              }),
            ),
          );
          expect(found).toEqual(keys.map(() => undefined));
          await expect(store.exclusive('so-a-officer', keys[0]!, (held) => held.find())).resolves.toEqual(
            record(keys[0]!),
          );
        }),
      // Today's failure mode is a hang: bounded so it fails as such rather than at the suite's limit.
      20_000,
    );

    it('releases a key when its work fails', () =>
      withStore(async (store) => {
        await expect(
          store.exclusive('so-a-officer', 'k-5', async () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await expect(store.exclusive('so-a-officer', 'k-5', async () => 'next')).resolves.toBe('next');
      }));

    /** Every record, read in pages of `size`. */
    const readAll = async (store: IdempotencyStore, size: number): Promise<StoredIdempotencyRecord[]> => {
      const all: StoredIdempotencyRecord[] = [];
      for (;;) {
        const page = await store.readRecords(all.at(-1), size);
        expect(page.length).toBeLessThanOrEqual(size);
        if (page.length === 0) return all;
        all.push(...page);
      }
    };
    const stored = (principal: string, key: string, n: number): StoredIdempotencyRecord => ({
      ...record(key, {
        principal,
        body: { position: n, events: ['ScoreAwarded'], nested: { b: 1, a: [n] } },
      }),
      recordedAt: new Date(Date.UTC(2018, 0, 12, 9, 0, n)).toISOString(),
    });

    it('reads its records in pages, in principal and key order, each once, with when each was recorded', () =>
      withStore(async (store) => {
        const principals = ['so-b-officer', 'so-a-officer', 'board'];
        for (const [p, principal] of principals.entries())
          for (let k = 0; k < 5; k++)
            await store.exclusive(principal, `key-${4 - k}`, (held) =>
              held.save(answer(record(`key-${4 - k}`, { principal, body: { p, k } }))),
            );
        const all = await readAll(store, 4);
        expect(all.map(({ principal, key }) => `${principal}/${key}`)).toEqual(
          [...principals].sort().flatMap((principal) => [0, 1, 2, 3, 4].map((k) => `${principal}/key-${k}`)),
        );
        for (const read of all) {
          expect(read.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          await expect(store.find(read.principal, read.key)).resolves.toEqual({
            principal: read.principal,
            key: read.key,
            requestHash: read.requestHash,
            statusCode: read.statusCode,
            body: read.body,
          });
        }
        await expect(store.readRecords(undefined, 0)).rejects.toThrow(RangeError);
      }));

    it('imports copied records: new ones kept as they were, the same ones passed over', () =>
      withStore(async (store) => {
        const copied = [
          stored('so-a-officer', 'c-1', 1),
          stored('so-a-officer', 'c-2', 2),
          stored('board', 'c-1', 3),
        ];
        await expect(store.importRecords(copied)).resolves.toBe(3);
        await expect(store.importRecords(copied)).resolves.toBe(0);
        const held = await readAll(store, 10);
        expect(held).toEqual(
          [...copied].sort((a, b) => (a.principal + a.key < b.principal + b.key ? -1 : 1)),
        );
        // A copied key answers its repeat as the first store did, and nothing runs again.
        await expect(store.exclusive('so-a-officer', 'c-2', (key) => key.find())).resolves.toEqual(
          record('c-2', { body: copied[1]!.body }),
        );
      }));

    it('refuses a batch holding a key it keeps with another answer, and writes none of it', () =>
      withStore(async (store) => {
        await store.exclusive('so-a-officer', 'x-1', (held) => held.save(answer(record('x-1'))));
        const other = { ...stored('so-a-officer', 'x-1', 1), requestHash: 'hash-2' };
        const batch = [stored('so-a-officer', 'x-0', 0), other, stored('so-a-officer', 'x-2', 2)];
        const refused = store.importRecords(batch);
        await expect(refused).rejects.toBeInstanceOf(IdempotencyRecordConflictError);
        await expect(refused).rejects.toMatchObject({ record: { principal: 'so-a-officer', key: 'x-1' } });
        expect((await readAll(store, 10)).map((kept) => kept.key)).toEqual(['x-1']);
        await expect(store.find('so-a-officer', 'x-1')).resolves.toEqual(record('x-1'));
      }));
  });
}
