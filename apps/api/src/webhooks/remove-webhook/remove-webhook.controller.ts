/** DELETE /api/webhooks/:id: a national board removes a webhook (WebhookRemoved). */
import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { WebhookPath } from '../webhook-path.dto.js';
import { RemoveWebhookCommand } from './remove-webhook.command.js';

@ApiTags('webhooks')
@Controller('webhooks/:id')
export class RemoveWebhookController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete()
  @Roles('board')
  @ApiOperation({ summary: 'Remove a webhook: nothing more is sent to it, pending deliveries included' })
  @ApiCommandResponses('WebhookRemoved')
  removeWebhook(@Param() { id }: WebhookPath, @Origin() origin: CommandOrigin): Promise<CommandAccepted> {
    return this.commandBus.execute(new RemoveWebhookCommand(id, origin));
  }
}
