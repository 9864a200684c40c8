/** What registering a webhook carries: its target, its types, its secret, and who asked. */
import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '../../write/command-origin.js';
import type { WebhookRegistration } from './webhook-registration.js';

export class RegisterWebhookCommand extends Command<WebhookRegistration> {
  constructor(
    readonly url: string,
    readonly types: readonly string[] | null,
    readonly secret: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
