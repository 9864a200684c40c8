/** The query of GET /api/webhooks/:id/deliveries: a status, and a page after a position. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@app/runtime';
import { IsQueryInteger, Optional } from '../../http/validators.js';

export const DEFAULT_DELIVERIES_LIMIT = 100;

export class ListDeliveriesDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @Optional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({
    description: 'Only deliveries of events after this position (the last one of the previous page)',
  })
  @Optional()
  @IsQueryInteger(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: DEFAULT_DELIVERIES_LIMIT })
  @Optional()
  @IsQueryInteger(1, 1000)
  limit?: number;
}
