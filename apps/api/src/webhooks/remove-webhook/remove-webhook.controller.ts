/** DELETE /api/webhooks/:id: a national board removes a webhook (WebhookRemoved). */
import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ERROR_SCHEMA } from '../../http/command-responses.decorator.js';
import { CommandType } from '../../http/command-type.js';
import { CommandAccepted } from '../../write/command-accepted.js';
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
  @ApiBearerAuth()
  // A command, though not a POST: its metrics and log lines name it RemoveWebhook.
  @CommandType()
  // A removal answers 200 (DELETE), with what a command answers: the position and WebhookRemoved.
  @ApiOkResponse({ type: CommandAccepted, description: 'Written: WebhookRemoved' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the id is not a UUID', schema: ERROR_SCHEMA })
  @ApiResponse({
    status: 403,
    description: 'FORBIDDEN: not a board without a province',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 404,
    description: 'NOT_FOUND: no such webhook, or removed already',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({ status: 401, description: 'UNAUTHENTICATED', schema: ERROR_SCHEMA })
  @ApiResponse({
    status: 429,
    description:
      'RATE_LIMITED: more than RATE_LIMIT_PER_MINUTE requests from this principal (see Retry-After)',
    schema: ERROR_SCHEMA,
  })
  removeWebhook(@Param() { id }: WebhookPath, @Origin() origin: CommandOrigin): Promise<CommandAccepted> {
    return this.commandBus.execute(new RemoveWebhookCommand(id, origin));
  }
}
