import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { boardOfficer } from '@app/domain/testing';
import { SqliteWebhookStore, WebhookSecretSealer } from '@app/runtime';
import { referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { ListDeliveriesHandler } from './list-deliveries.handler.js';
import { ListDeliveriesQuery } from './list-deliveries.query.js';

describe('ListDeliveriesHandler', () => {
  let side: ReferenceWriteSide;
  let store: SqliteWebhookStore;
  let dir: string;
  const webhookId = randomUUID();

  beforeEach(async () => {
    side = await referenceWriteSide();
    dir = mkdtempSync(join(tmpdir(), 'list-deliveries-'));
    store = SqliteWebhookStore.inDataDir(dir, WebhookSecretSealer.random());
    await side.store.append(
      `webhook-${webhookId}`,
      [
        {
          id: randomUUID(),
          type: 'WebhookRegistered',
          data: { webhookId, url: 'https://h.example/x', types: null },
          metadata: { actor: boardOfficer, correlationId: 'spec', causationId: randomUUID() },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.commitOutbox({
      registered: [{ webhookId, url: 'https://h.example/x', types: null, position: 1 }],
      removed: [],
      deliveries: [
        { webhookId, position: 2, eventId: 'e2', type: 'PactSigned' },
        { webhookId, position: 3, eventId: 'e3', type: 'PactInForce' },
      ],
      checkpoint: { from: 0, to: 3 },
    });
    await store.recordAttempt({
      webhookId,
      position: 2,
      status: 'delivered',
      attempts: 2,
      lastError: 'HTTP 502',
      deliveredAt: '2026-12-04T09:00:01.000Z',
      nextAttemptAt: 0,
    });
    await store.recordAttempt({
      webhookId,
      position: 3,
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
      nextAttemptAt: Date.UTC(2026, 11, 4, 9, 0, 3),
    });
  });
  afterEach(async () => {
    await store.close();
    await side.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = (id: string, filter: { status?: 'pending' | 'delivered' | 'failed' } = {}) =>
    new ListDeliveriesHandler(side.store, store).execute(
      new ListDeliveriesQuery(id, { ...filter, limit: 100 }, boardOfficer),
    );

  it("shows a webhook's deliveries with their attempts, by status", async () => {
    expect(await list(webhookId)).toEqual([
      {
        eventId: 'e2',
        position: 2,
        type: 'PactSigned',
        status: 'delivered',
        attempts: 2,
        lastError: 'HTTP 502',
        deliveredAt: '2026-12-04T09:00:01.000Z',
      },
      {
        eventId: 'e3',
        position: 3,
        type: 'PactInForce',
        status: 'pending',
        attempts: 1,
        lastError: 'HTTP 503',
        nextAttemptAt: '2026-12-04T09:00:03.000Z',
      },
    ]);
    expect((await list(webhookId, { status: 'pending' })).map((d) => d.eventId)).toEqual(['e3']);
  });

  it('answers NOT_FOUND for a webhook never registered', async () => {
    await expect(list(randomUUID())).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
