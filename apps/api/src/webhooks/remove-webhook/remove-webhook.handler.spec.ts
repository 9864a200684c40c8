import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { boardOfficer } from '@app/domain/testing';
import {
  by,
  referenceWriteSide,
  type ReferenceWriteSide,
  auditor,
} from '../../testing/reference-write-side.js';
import { RemoveWebhookCommand } from './remove-webhook.command.js';
import { RemoveWebhookHandler } from './remove-webhook.handler.js';

describe('RemoveWebhookHandler', () => {
  let side: ReferenceWriteSide;
  const webhookId = randomUUID();
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.store.append(
      `webhook-${webhookId}`,
      [
        {
          id: randomUUID(),
          type: 'WebhookRegistered',
          data: { webhookId, url: 'https://hooks.example.vn/h', types: null },
          metadata: { actor: boardOfficer, correlationId: 'spec', causationId: randomUUID() },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  });
  afterEach(() => side.close());

  const remove = (id: string, actor = boardOfficer) =>
    new RemoveWebhookHandler(side.streams).execute(new RemoveWebhookCommand(id, by(actor)));

  it('given a webhook, when the board removes it, then WebhookRemoved; a second removal is NOT_FOUND', async () => {
    expect(await side.written(() => remove(webhookId))).toEqual([
      { streamId: `webhook-${webhookId}`, type: 'WebhookRemoved', data: { webhookId } },
    ]);
    expect(await side.refused(() => remove(webhookId))).toEqual({ code: 'NOT_FOUND', written: [] });
  });

  it('refuses an unknown webhook and an auditor, writing nothing', async () => {
    expect(await side.refused(() => remove(randomUUID()))).toEqual({ code: 'NOT_FOUND', written: [] });
    expect(await side.refused(() => remove(webhookId, auditor))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
