/** What removing a webhook carries: its id and who asked. */
import { Command } from '@nestjs/cqrs';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class RemoveWebhookCommand extends Command<CommandAccepted> {
  constructor(
    readonly webhookId: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
