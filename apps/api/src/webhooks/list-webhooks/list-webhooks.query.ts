/** Every webhook registered and not removed, without its secret. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { WebhookSummary } from './webhook-summary.js';

export class ListWebhooksQuery extends Query<WebhookSummary[]> {
  constructor(readonly reader: Actor) {
    super();
  }
}
