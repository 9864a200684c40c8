/** GET /api/webhooks: the webhooks registered and not removed (never their secrets). */
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { ListWebhooksQuery } from './list-webhooks.query.js';
import { WebhookAnswer } from './webhook.answer.js';

@ApiTags('webhooks')
@Controller('webhooks')
export class ListWebhooksController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('board')
  @ApiOperation({ summary: 'The webhooks registered and not removed, without their secrets' })
  @ApiQueryResponses({ type: WebhookAnswer, isArray: true, description: 'The webhooks' }, [403])
  listWebhooks(@CurrentActor() reader: Actor): Promise<WebhookAnswer[]> {
    return this.queryBus.execute(new ListWebhooksQuery(reader));
  }
}
