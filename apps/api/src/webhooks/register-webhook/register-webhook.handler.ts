/**
 * Registers a webhook: refuses a private target in production (SSRF), keeps the secret in
 * the webhook store, then appends WebhookRegistered (without the secret) through the decider.
 * The secret is kept first: a webhook exists only once its event is in the log, and a secret
 * whose append failed is never used.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RegisterWebhook, webhookDecider, webhookStream } from '@app/domain';
import {
  allowsPrivateTargets,
  APP_CONFIG,
  type AppConfig,
  type HostResolver,
  privateTargetProblem,
  WEBHOOK_STORE,
  type WebhookStore,
} from '@app/runtime';
import { ApiError } from '../../http/api.error.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { WEBHOOK_HOST_RESOLVER } from '../webhook-host-resolver.js';
import { RegisterWebhookCommand } from './register-webhook.command.js';
import type { WebhookRegistration } from './webhook-registration.js';

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly streams: EventStreams,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_HOST_RESOLVER) private readonly resolve: HostResolver,
  ) {}

  async execute({ url, types, secret, origin }: RegisterWebhookCommand): Promise<WebhookRegistration> {
    // The command's id names the webhook: a keyed retry registers the same one again, not a second.
    const webhookId = origin.causationId;
    const command: RegisterWebhook = {
      type: 'RegisterWebhook',
      data: { webhookId, url, types },
      metadata: commandMetadata(origin),
    };
    // Who may register is the decider's to say, before any lookup or secret is kept.
    webhookDecider.decide(command, webhookDecider.initialState());
    if (!allowsPrivateTargets(this.config)) {
      const problem = await privateTargetProblem(url, this.resolve);
      if (problem !== undefined) {
        throw new ApiError(422, 'WEBHOOK_URL_REFUSED', `the webhook's URL is refused: ${problem}`, {
          url: [problem],
        });
      }
    }
    await this.store.saveSecret(webhookId, secret);
    const accepted = await this.streams.decideAndAppend(
      webhookStream(webhookId),
      webhookDecider,
      (state) => webhookDecider.decide(command, state),
      origin,
    );
    return { id: webhookId, ...accepted };
  }
}
