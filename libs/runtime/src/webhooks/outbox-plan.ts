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

/** The events that register or remove a webhook: the outbox reads them whatever is active. */
export const WEBHOOK_LIFECYCLE_TYPES: readonly string[] = ['WebhookRegistered', 'WebhookRemoved'];

/**
 * The event types the outbox has to read while these webhooks are active: their lifecycle and
 * every type one of them takes; undefined (every type) once one takes every type. While no
 * webhook is registered, the log's other events are skipped by the store, not read and parsed.
 */
export function typesToRead(active: ReadonlyMap<string, RegisteredWebhook>): readonly string[] | undefined {
  const types = new Set(WEBHOOK_LIFECYCLE_TYPES);
  for (const webhook of active.values()) {
    if (webhook.types === null) return undefined;
    for (const type of webhook.types) types.add(type);
  }
  return [...types].sort();
}

/**
 * The index of the first event that registers a webhook taking a type outside `types` (read
 * with that filter, the events after it may miss some it must be delivered), or -1.
 */
export function firstWidening(
  events: readonly RecordedEvent[],
  types: readonly string[] | undefined,
): number {
  if (types === undefined) return -1;
  return events.findIndex((event) => {
    if (event.type !== 'WebhookRegistered') return false;
    const wanted = (event.data as { types?: unknown } | null)?.types;
    return !Array.isArray(wanted) || wanted.some((type) => !types.includes(String(type)));
  });
}
