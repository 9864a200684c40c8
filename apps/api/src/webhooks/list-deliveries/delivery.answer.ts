/** DeliveryAnswer: one delivery of a webhook, as `GET /api/webhooks/:id/deliveries` lists it. */
import { ApiProperty } from '@nestjs/swagger';
import type { DeliveryStatus } from '@app/runtime';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { DeliveryView } from './delivery-view.js';

export class DeliveryAnswer {
  @ApiProperty()
  readonly eventId!: string;

  @ApiProperty({ type: 'integer', description: "The event's global position" })
  readonly position!: number;

  @ApiProperty({ description: "The event's type" })
  readonly type!: string;

  @ApiProperty({ enum: enumValues<DeliveryStatus>()('pending', 'delivered', 'failed') })
  readonly status!: DeliveryStatus;

  @ApiProperty({ type: 'integer' })
  readonly attempts!: number;

  @ApiProperty({ required: false, description: 'Why the last attempt failed' })
  readonly lastError?: string;

  @ApiProperty({ required: false, format: 'date-time' })
  readonly deliveredAt?: string;

  @ApiProperty({
    required: false,
    format: 'date-time',
    description: 'When a pending delivery that failed before is tried again',
  })
  readonly nextAttemptAt?: string;
}

sameShape<DeliveryView, DeliveryAnswer>();
