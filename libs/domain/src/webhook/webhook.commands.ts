/**
 * The commands on a webhook (`webhook-{webhookId}`): the board registers one and removes it.
 * The secret is no part of them: it is kept outside the log, so no event ever carries it.
 */

import type { CommandShape } from '../decider.js';

/** Board only. `types` null: every event type. */
export type RegisterWebhook = CommandShape<
  'RegisterWebhook',
  { webhookId: string; url: string; types: readonly string[] | null }
>;
/** Board only. */
export type RemoveWebhook = CommandShape<'RemoveWebhook', { webhookId: string }>;

export type WebhookCommand = RegisterWebhook | RemoveWebhook;

/** The stream of one webhook's registration and removal. */
export const webhookStream = (webhookId: string): string => `webhook-${webhookId}`;
