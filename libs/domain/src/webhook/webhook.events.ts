/**
 * The events of a webhook's stream (`webhook-{webhookId}`): its registration and removal by a
 * national board. The webhook's secret is never part of an event.
 */

/** An event: its type and its data, read-only. */
type Event<T extends string, D> = { readonly type: T; readonly data: Readonly<D> };

/** A receiver the board registered; `types` null: every type. Its secret is kept outside the log. */
export type WebhookRegistered = Event<
  'WebhookRegistered',
  { webhookId: string; url: string; types: readonly string[] | null }
>;
export type WebhookRemoved = Event<'WebhookRemoved', { webhookId: string }>;

export type WebhookEvent = WebhookRegistered | WebhookRemoved;
