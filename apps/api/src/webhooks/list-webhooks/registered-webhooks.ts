/**
 * The webhooks registered and not removed, folded from their events in the log (read by type):
 * a webhook registered by a command whose answer has arrived is always listed.
 */
import type { RecordedEvent } from '@app/event-store';
import type { WebhookSummary } from './webhook-summary.js';

export const WEBHOOK_EVENT_TYPES = ['WebhookRegistered', 'WebhookRemoved'];

export function registeredWebhooks(events: readonly RecordedEvent[]): WebhookSummary[] {
  const webhooks = new Map<string, WebhookSummary>();
  for (const event of events) {
    const data = event.data as { webhookId: string; url?: string; types?: readonly string[] | null };
    if (event.type === 'WebhookRegistered') {
      webhooks.set(data.webhookId, {
        id: data.webhookId,
        url: data.url ?? '',
        types: data.types ?? null,
        position: event.position,
        registeredAt: event.recordedAt,
        registeredBy: event.metadata.actor.sub,
      });
    } else if (event.type === 'WebhookRemoved') {
      webhooks.delete(data.webhookId);
    }
  }
  return [...webhooks.values()];
}
