/** GET /api/webhooks/:id/deliveries: each event sent or to send to a webhook, with its attempts. */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { WebhookPath } from '../webhook-path.dto.js';
import { DeliveryAnswer } from './delivery.answer.js';
import { DEFAULT_DELIVERIES_LIMIT, ListDeliveriesDto } from './list-deliveries.dto.js';
import { ListDeliveriesQuery } from './list-deliveries.query.js';

@ApiTags('webhooks')
@Controller('webhooks/:id/deliveries')
export class ListDeliveriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('board')
  @ApiOperation({
    summary: "A webhook's deliveries in log order, with their attempts (a status filters them)",
  })
  @ApiQueryResponses(
    { type: DeliveryAnswer, isArray: true, description: 'The deliveries, in log order' },
    [400, 403, 404],
  )
  listDeliveries(
    @Param() { id }: WebhookPath,
    @Query() { status, after, limit }: ListDeliveriesDto,
    @CurrentActor() reader: Actor,
  ): Promise<DeliveryAnswer[]> {
    return this.queryBus.execute(
      new ListDeliveriesQuery(id, { status, after, limit: limit ?? DEFAULT_DELIVERIES_LIMIT }, reader),
    );
  }
}
