/** WebhookAnswer: one registered webhook, as `GET /api/webhooks` lists it (never its secret). */
import { ApiProperty } from '@nestjs/swagger';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { WebhookSummary } from './webhook-summary.js';

export class WebhookAnswer {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty({ format: 'uri' })
  readonly url!: string;

  @ApiProperty({ type: [String], nullable: true, description: 'The event types sent; null: every type' })
  readonly types!: readonly string[] | null;

  @ApiProperty({
    type: 'integer',
    description: 'Position of its registration: it receives the events after it',
  })
  readonly position!: number;

  @ApiProperty({ format: 'date-time' })
  readonly registeredAt!: string;

  @ApiProperty()
  readonly registeredBy!: string;
}

sameShape<WebhookSummary, WebhookAnswer>();
