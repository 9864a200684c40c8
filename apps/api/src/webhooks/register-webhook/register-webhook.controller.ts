/** POST /api/webhooks: a national board registers a receiver of the log's events. */
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { RegisterWebhookCommand } from './register-webhook.command.js';
import { RegisterWebhookDto } from './register-webhook.dto.js';
import { WebhookRegistration } from './webhook-registration.js';

@ApiTags('webhooks')
@Controller('webhooks')
export class RegisterWebhookController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary:
      'Register a webhook: every event of its types recorded from now on is POSTed to the URL, signed with the secret (X-Signature-256); the answer adds `id`',
  })
  @ApiCommandResponses('WebhookRegistered', WebhookRegistration)
  @ApiResponse({
    status: 422,
    description: 'WEBHOOK_URL_REFUSED: a loopback or private address in production',
    type: ErrorAnswer,
  })
  registerWebhook(
    @Body() { url, types, secret }: RegisterWebhookDto,
    @Origin() origin: CommandOrigin,
  ): Promise<WebhookRegistration> {
    return this.commandBus.execute(new RegisterWebhookCommand(url, types ?? null, secret, origin));
  }
}
