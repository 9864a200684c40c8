/**
 * What a batch of the log puts in the webhook outbox: the webhooks it registers and removes,
 * and for each other event one delivery per active webhook of its types. Pure: the same
 * batch over the same webhooks always plans the same deliveries.
 */
import type { RecordedEvent } from '@app/event-store';
import type { NewDelivery, OutboxBatch, RegisteredWebhook } from './webhook-store.port.js';

export interface OutboxPlan {
  readonly batch: OutboxBatch;
  /** The active webhooks after the batch. */
  readonly active: ReadonlyMap<string, RegisteredWebhook>;
}

export function planOutbox(
  active: ReadonlyMap<string, RegisteredWebhook>,
  events: readonly RecordedEvent[],
  checkpoint: number,
): OutboxPlan {
  const webhooks = new Map(active);
  const registered: RegisteredWebhook[] = [];
  const removed: string[] = [];
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    const data = (event.data ?? {}) as { webhookId?: unknown; url?: unknown; types?: unknown };
    // A webhook's removal is not delivered to it; its registration is not either (only what comes after).
    if (event.type === 'WebhookRemoved' && typeof data.webhookId === 'string') {
      webhooks.delete(data.webhookId);
      removed.push(data.webhookId);
    }
    for (const webhook of webhooks.values()) {
      if (webhook.types === null || webhook.types.includes(event.type)) {
        deliveries.push({
          webhookId: webhook.webhookId,
          position: event.position,
          eventId: event.id,
          type: event.type,
        });
      }
    }
    if (
      event.type === 'WebhookRegistered' &&
      typeof data.webhookId === 'string' &&
      typeof data.url === 'string'
    ) {
      const webhook: RegisteredWebhook = {
        webhookId: data.webhookId,
        url: data.url,
        types: Array.isArray(data.types) ? (data.types as string[]) : null,
        position: event.position,
      };
      webhooks.set(webhook.webhookId, webhook);
      registered.push(webhook);
    }
  }
  const to = events.length === 0 ? checkpoint : events[events.length - 1]!.position;
  return {
    batch: { registered, removed, deliveries, checkpoint: { from: checkpoint, to } },
    active: webhooks,
  };
}
