import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { boardOfficer } from '@app/domain/testing';
import type { NewEvent } from '@app/event-store';
import { ApiError } from '../../http/api.error.js';
import { auditor, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { ListWebhooksHandler } from './list-webhooks.handler.js';
import { ListWebhooksQuery } from './list-webhooks.query.js';

const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { actor: boardOfficer, correlationId: 'spec', causationId: randomUUID() },
});

describe('ListWebhooksHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('registered');
  });
  afterEach(() => side.close());

  it('lists the webhooks registered and not removed, in registration order', async () => {
    const register = (webhookId: string, types: string[] | null) =>
      side.store.append(
        `webhook-${webhookId}`,
        [event('WebhookRegistered', { webhookId, url: `https://h.example/${webhookId}`, types })],
        {
          expectedRevision: 'no_stream',
        },
      );
    await register('w1', null);
    await register('w2', ['ScoreAwarded']);
    await register('w3', null);
    await side.store.append('webhook-w2', [event('WebhookRemoved', { webhookId: 'w2' })], {
      expectedRevision: 0,
    });

    const list = await new ListWebhooksHandler(side.store).execute(new ListWebhooksQuery(boardOfficer));
    expect(list.map(({ id, url, types, registeredBy }) => ({ id, url, types, registeredBy }))).toEqual([
      { id: 'w1', url: 'https://h.example/w1', types: null, registeredBy: boardOfficer.sub },
      { id: 'w3', url: 'https://h.example/w3', types: null, registeredBy: boardOfficer.sub },
    ]);
    expect(list[0]!.position).toBeLessThan(list[1]!.position);
  });

  it('refuses an auditor and a board scoped to a province', async () => {
    const handler = new ListWebhooksHandler(side.store);
    await expect(handler.execute(new ListWebhooksQuery(auditor))).rejects.toBeInstanceOf(ApiError);
    await expect(
      handler.execute(new ListWebhooksQuery({ ...boardOfficer, province: 'Kiên Giang' })),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
