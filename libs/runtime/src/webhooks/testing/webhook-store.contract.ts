/** What every webhook store does, run against SQLite and PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WebhookSecretSealer, WebhookSecretUnreadableError } from '../webhook-secret-sealer.js';
import {
  OutboxCheckpointConflictError,
  type OutboxBatch,
  type WebhookStore,
  WebhookStoreNotEmptyError,
} from '../webhook-store.port.js';

/** A secret's row as the store's table holds it. */
export interface RawSecretRow {
  readonly webhookId: string;
  readonly secret: string;
  readonly keyId: string | null;
}

export interface WebhookStoreFixture {
  /** Opens the store (again, on the same database) with this sealer. */
  open(sealer: WebhookSecretSealer): Promise<WebhookStore>;
  /** The secrets' table as it is, bypassing the store. */
  rawSecrets(): Promise<RawSecretRow[]>;
  /** Writes a secret's row directly (a null key id: as an earlier version kept it, in clear). */
  writeRawSecret(row: RawSecretRow): Promise<void>;
  dispose(): Promise<void>;
}

const batch = (from: number, to: number, parts: Partial<OutboxBatch> = {}): OutboxBatch => ({
  registered: [],
  removed: [],
  deliveries: [],
  checkpoint: { from, to },
  ...parts,
});

export function describeWebhookStoreContract(name: string, fixture: () => WebhookStoreFixture): void {
  describe(`${name} webhook store`, () => {
    let current: WebhookStoreFixture;
    let store: WebhookStore;
    const sealerKey = randomBytes(32);
    const sealer = new WebhookSecretSealer(sealerKey);

    beforeEach(async () => {
      current = fixture();
      store = await current.open(sealer);
    });

    afterEach(async () => {
      await store.close();
      await current.dispose();
    });

    it('keeps secrets by webhook', async () => {
      await store.saveSecret('w1', 'secret-one-0123456789');
      expect(await store.secretOf('w1')).toBe('secret-one-0123456789');
      expect(await store.secretOf('w2')).toBeUndefined();
    });

    it('keeps each secret sealed at rest, under the key it names, bound to its webhook', async () => {
      await store.saveSecret('w1', 'secret-one-0123456789');
      await store.saveSecret('w1', 'secret-two-0123456789');
      const [row] = await current.rawSecrets();
      expect(row).toEqual({ webhookId: 'w1', secret: expect.any(String), keyId: sealer.keyId });
      expect(row!.secret).not.toContain('secret-');
      expect(Buffer.from(row!.secret, 'base64url').toString('latin1')).not.toContain('secret-');
      expect(await store.secretOf('w1')).toBe('secret-two-0123456789');
      // Copied onto another webhook's row, a sealed secret does not open.
      await current.writeRawSecret({ ...row!, webhookId: 'w2' });
      await expect(store.secretOf('w2')).rejects.toThrow(WebhookSecretUnreadableError);
      // Nor does an altered one.
      const altered = Buffer.from(row!.secret, 'base64url');
      altered[altered.length - 20]! ^= 1;
      await current.writeRawSecret({ ...row!, secret: altered.toString('base64url') });
      await expect(store.secretOf('w1')).rejects.toThrow(/does not open/);
    });

    it('says which key a secret was sealed under when another key is configured', async () => {
      await store.saveSecret('w1', 'secret-one-0123456789');
      await store.close();
      const other = WebhookSecretSealer.random();
      store = await current.open(other);
      await expect(store.secretOf('w1')).rejects.toThrow(
        `sealed under key ${sealer.keyId}, not the configured key ${other.keyId}`,
      );
      await store.close();
      store = await current.open(sealer);
      expect(await store.secretOf('w1')).toBe('secret-one-0123456789');
    });

    it('seals again under the new key, on opening, what a previous key sealed; leaves what an unknown key sealed', async () => {
      await store.saveSecret('w1', 'secret-one-0123456789');
      await store.close();
      const stranger = WebhookSecretSealer.random();
      store = await current.open(stranger);
      await store.saveSecret('w2', 'secret-two-0123456789');
      await store.close();
      // Rotated: a new key, the old one (not the stranger's) kept as a previous key.
      const rotatedKey = randomBytes(32);
      const rotated = new WebhookSecretSealer(rotatedKey, [sealerKey]);
      store = await current.open(rotated);
      expect(await current.rawSecrets()).toEqual([
        { webhookId: 'w1', secret: expect.any(String), keyId: rotated.keyId },
        { webhookId: 'w2', secret: expect.any(String), keyId: stranger.keyId },
      ]);
      expect(await store.secretOf('w1')).toBe('secret-one-0123456789');
      await expect(store.secretOf('w2')).rejects.toThrow(`sealed under key ${stranger.keyId}`);
      await store.close();
      // The previous key can go: nothing is sealed under it any more.
      store = await current.open(new WebhookSecretSealer(rotatedKey));
      expect(await store.secretOf('w1')).toBe('secret-one-0123456789');
    });

    it("exports its whole state, and imports it into an empty store only, sealed under that store's key", async () => {
      await store.saveSecret('w1', 'secret-one-0123456789');
      await store.saveSecret('w2', 'secret-two-0123456789');
      await store.commitOutbox(
        batch(0, 5, {
          registered: [
            {
              webhookId: 'w1',
              url: 'https://a.example/h',
              types: ['ScoreAwarded', 'PactSigned'],
              position: 1,
            },
            { webhookId: 'w2', url: 'https://b.example/h', types: null, position: 2 },
          ],
          deliveries: [3, 4, 5].flatMap((position) => [
            { webhookId: 'w1', position, eventId: `e${position}`, type: 'PactSigned' },
            { webhookId: 'w2', position, eventId: `e${position}`, type: 'PactSigned' },
          ]),
        }),
      );
      await store.recordAttempt({
        webhookId: 'w1',
        position: 3,
        status: 'delivered',
        attempts: 2,
        deliveredAt: '2026-12-04T09:00:00.000Z',
        nextAttemptAt: 0,
      });
      await store.recordAttempt({
        webhookId: 'w1',
        position: 4,
        status: 'pending',
        attempts: 1,
        lastError: 'HTTP 500',
        nextAttemptAt: 12_345,
      });
      await store.commitOutbox(batch(5, 6, { removed: ['w2'] }));
      const state = await store.exportState();
      expect(state).toMatchObject({
        checkpoint: 6,
        webhooks: [
          {
            webhookId: 'w1',
            url: 'https://a.example/h',
            types: ['ScoreAwarded', 'PactSigned'],
            position: 1,
            removed: false,
          },
          { webhookId: 'w2', url: 'https://b.example/h', types: null, position: 2, removed: true },
        ],
        secrets: [
          { webhookId: 'w1', secret: 'secret-one-0123456789' },
          { webhookId: 'w2', secret: 'secret-two-0123456789' },
        ],
      });
      expect(state.deliveries).toHaveLength(6);
      expect(state.deliveries.slice(0, 2)).toEqual([
        {
          webhookId: 'w1',
          position: 3,
          eventId: 'e3',
          type: 'PactSigned',
          status: 'delivered',
          attempts: 2,
          deliveredAt: '2026-12-04T09:00:00.000Z',
          nextAttemptAt: 0,
        },
        {
          webhookId: 'w1',
          position: 4,
          eventId: 'e4',
          type: 'PactSigned',
          status: 'pending',
          attempts: 1,
          lastError: 'HTTP 500',
          nextAttemptAt: 12_345,
        },
      ]);

      const other = fixture();
      const otherSealer = WebhookSecretSealer.random();
      const target = await other.open(otherSealer);
      try {
        await target.importState(state);
        expect(await target.exportState()).toEqual(state);
        expect(await target.secretOf('w1')).toBe('secret-one-0123456789');
        expect((await other.rawSecrets()).map((row) => row.keyId)).toEqual([
          otherSealer.keyId,
          otherSealer.keyId,
        ]);
        expect(await target.activeWebhooks()).toEqual(await store.activeWebhooks());
        expect(await target.nextDeliveries()).toEqual(await store.nextDeliveries());
        expect(await target.outboxCheckpoint()).toBe(6);
        await expect(target.importState(state)).rejects.toThrow(WebhookStoreNotEmptyError);
        expect(await target.exportState()).toEqual(state);
        // Replacing what it holds (store:copy, over an earlier copy of the same source).
        const later = { ...state, checkpoint: 7, deliveries: state.deliveries.slice(0, 2) };
        await target.importState(later, { replace: true });
        expect(await target.exportState()).toEqual(later);
      } finally {
        await target.close();
        await other.dispose();
      }
    });

    it('seals on opening the secrets an earlier version kept in clear', async () => {
      await current.writeRawSecret({ webhookId: 'w9', secret: 'kept-in-clear-0123456789', keyId: null });
      await store.close();
      store = await current.open(sealer);
      const [row] = await current.rawSecrets();
      expect(row).toEqual({ webhookId: 'w9', secret: expect.any(String), keyId: sealer.keyId });
      expect(row!.secret).not.toContain('kept-in-clear');
      expect(await store.secretOf('w9')).toBe('kept-in-clear-0123456789');
    });

    it('stores a batch with its checkpoint, and refuses one whose checkpoint moved', async () => {
      expect(await store.outboxCheckpoint()).toBe(0);
      await store.commitOutbox(
        batch(0, 5, {
          registered: [
            { webhookId: 'w1', url: 'https://a.example/h', types: ['ScoreAwarded'], position: 2 },
            { webhookId: 'w2', url: 'https://b.example/h', types: null, position: 3 },
          ],
          deliveries: [
            { webhookId: 'w2', position: 4, eventId: 'e4', type: 'PactSigned' },
            { webhookId: 'w1', position: 5, eventId: 'e5', type: 'ScoreAwarded' },
            { webhookId: 'w2', position: 5, eventId: 'e5', type: 'ScoreAwarded' },
          ],
        }),
      );
      expect(await store.outboxCheckpoint()).toBe(5);
      await expect(
        store.commitOutbox(
          batch(0, 6, {
            deliveries: [{ webhookId: 'w1', position: 6, eventId: 'e6', type: 'ScoreAwarded' }],
          }),
        ),
      ).rejects.toBeInstanceOf(OutboxCheckpointConflictError);
      expect(await store.deliveries('w1', { limit: 10 })).toHaveLength(1);
      expect((await store.activeWebhooks()).map((w) => [w.webhookId, w.types])).toEqual([
        ['w1', ['ScoreAwarded']],
        ['w2', null],
      ]);
    });

    it('offers only the first pending delivery of each active webhook', async () => {
      await store.commitOutbox(
        batch(0, 7, {
          registered: [
            { webhookId: 'w1', url: 'https://a.example/h', types: null, position: 1 },
            { webhookId: 'w2', url: 'https://b.example/h', types: null, position: 2 },
          ],
          deliveries: [3, 4, 5].flatMap((position) => [
            { webhookId: 'w1', position, eventId: `e${position}`, type: 'PactSigned' },
            { webhookId: 'w2', position, eventId: `e${position}`, type: 'PactSigned' },
          ]),
        }),
      );
      const heads = async (): Promise<[string, number][]> =>
        (await store.nextDeliveries()).map((d): [string, number] => [d.webhookId, d.position]).sort();
      expect(await heads()).toEqual([
        ['w1', 3],
        ['w2', 3],
      ]);

      await store.recordAttempt({
        webhookId: 'w1',
        position: 3,
        status: 'delivered',
        attempts: 1,
        deliveredAt: '2026-12-04T09:00:00.000Z',
        nextAttemptAt: 0,
      });
      await store.recordAttempt({
        webhookId: 'w2',
        position: 3,
        status: 'pending',
        attempts: 1,
        lastError: 'HTTP 500',
        nextAttemptAt: 12_345,
      });
      expect(await heads()).toEqual([
        ['w1', 4],
        ['w2', 3],
      ]);
      expect((await store.nextDeliveries()).find((d) => d.webhookId === 'w2')).toMatchObject({
        attempts: 1,
        lastError: 'HTTP 500',
        nextAttemptAt: 12_345,
      });

      await store.recordAttempt({
        webhookId: 'w2',
        position: 3,
        status: 'failed',
        attempts: 2,
        lastError: 'HTTP 500',
        nextAttemptAt: 0,
      });
      await store.commitOutbox(batch(7, 8, { removed: ['w1'] }));
      expect(await heads()).toEqual([['w2', 4]]);
      expect((await store.activeWebhooks()).map((w) => w.webhookId)).toEqual(['w2']);
      // The removed webhook's deliveries are no longer counted.
      expect(await store.countDeliveries()).toEqual([
        { status: 'pending', count: 2 },
        { status: 'delivered', count: 0 },
        { status: 'failed', count: 1 },
      ]);

      expect(await store.deliveries('w1', { limit: 10 })).toEqual([
        {
          webhookId: 'w1',
          position: 3,
          eventId: 'e3',
          type: 'PactSigned',
          status: 'delivered',
          attempts: 1,
          deliveredAt: '2026-12-04T09:00:00.000Z',
          nextAttemptAt: 0,
        },
        {
          webhookId: 'w1',
          position: 4,
          eventId: 'e4',
          type: 'PactSigned',
          status: 'pending',
          attempts: 0,
          nextAttemptAt: 0,
        },
        {
          webhookId: 'w1',
          position: 5,
          eventId: 'e5',
          type: 'PactSigned',
          status: 'pending',
          attempts: 0,
          nextAttemptAt: 0,
        },
      ]);
      expect((await store.deliveries('w2', { status: 'failed', limit: 10 })).map((d) => d.position)).toEqual([
        3,
      ]);
      expect(
        (await store.deliveries('w2', { status: 'pending', after: 4, limit: 1 })).map((d) => d.position),
      ).toEqual([5]);
    });

    it('lets one dispatcher at a time hold the lock', async () => {
      const first = await store.acquireDispatcherLock(new AbortController().signal);
      const waiting = new AbortController();
      const order: string[] = [];
      const second = store.acquireDispatcherLock(waiting.signal).then((lock) => {
        order.push('second acquired');
        return lock;
      });
      // Yield to the event loop once so a lock that is not exclusive would be handed over already.
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first released');
      await first.release();
      const held = await second;
      expect(order).toEqual(['first released', 'second acquired']);
      const third = new AbortController();
      const refused = store.acquireDispatcherLock(third.signal);
      third.abort(new Error('gave up'));
      await expect(refused).rejects.toThrow('gave up');
      await held.release();
    });
  });
}
