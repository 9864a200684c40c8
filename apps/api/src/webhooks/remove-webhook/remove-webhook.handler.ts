/** Appends WebhookRemoved: from that event on, the webhook is sent nothing more. */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RemoveWebhook, webhookDecider, webhookStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { RemoveWebhookCommand } from './remove-webhook.command.js';

@CommandHandler(RemoveWebhookCommand)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhookCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ webhookId, origin }: RemoveWebhookCommand): Promise<CommandAccepted> {
    const command: RemoveWebhook = {
      type: 'RemoveWebhook',
      data: { webhookId },
      metadata: commandMetadata(origin),
    };
    return this.streams.decideAndAppend(
      webhookStream(webhookId),
      webhookDecider,
      (state) => webhookDecider.decide(command, state),
      origin,
    );
  }
}
