/**
 * A webhook (`webhook-{webhookId}`): registered once, removed once. Its registration in the
 * log is what the outbox follows, so deliveries start exactly after it.
 */
import { requireBoard } from '../authorization.js';
import { type Actor, type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { WebhookEvent } from '../events.js';
import type { WebhookCommand } from './webhook.commands.js';

/** `null` until registered. */
export type WebhookState = { readonly webhookId: string; readonly removed: boolean } | null;

export const webhookDecider: Decider<WebhookCommand, WebhookEvent, WebhookState> = {
  initialState: () => null,
  evolve,
  decide,
};

function evolve(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookRegistered':
      return { webhookId: event.data.webhookId, removed: false };
    case 'WebhookRemoved':
      return state && { ...state, removed: true };
    default:
      return unreachable(event);
  }
}

/**
 * A webhook receives the events of every province, so only a national board manages them: a
 * board scoped to one province would otherwise read other provinces' events through one.
 */
function requireNationalBoard(actor: Actor, action: string): void {
  requireBoard(actor, action);
  if (actor.province !== undefined) {
    throw new DomainError(
      'FORBIDDEN',
      `A board scoped to ${actor.province} may not ${action}: webhooks receive every province's events`,
    );
  }
}

function decide(command: WebhookCommand, state: WebhookState): readonly WebhookEvent[] {
  const { webhookId } = command.data;
  switch (command.type) {
    case 'RegisterWebhook': {
      requireNationalBoard(command.metadata.actor, 'register a webhook');
      if (state !== null) {
        throw new DomainError('ALREADY_EXISTS', `Webhook ${webhookId} is already registered`, { webhookId });
      }
      const { url, types } = command.data;
      return [{ type: 'WebhookRegistered', data: { webhookId, url, types } }];
    }
    case 'RemoveWebhook':
      requireNationalBoard(command.metadata.actor, 'remove a webhook');
      if (state === null || state.removed) {
        throw new DomainError('NOT_FOUND', `No webhook ${webhookId}`, { webhookId });
      }
      return [{ type: 'WebhookRemoved', data: { webhookId } }];
    default:
      return unreachable(command);
  }
}
