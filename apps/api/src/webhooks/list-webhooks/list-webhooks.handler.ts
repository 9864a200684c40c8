/** Answers ListWebhooksQuery from the log's webhook events (indexed by type in every store). */
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { assertNationalBoard } from '../national-board.js';
import { ListWebhooksQuery } from './list-webhooks.query.js';
import { registeredWebhooks, WEBHOOK_EVENT_TYPES } from './registered-webhooks.js';
import type { WebhookSummary } from './webhook-summary.js';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(@Inject(EVENT_STORE) private readonly log: EventStore) {}

  async execute({ reader }: ListWebhooksQuery): Promise<WebhookSummary[]> {
    assertNationalBoard(reader);
    return registeredWebhooks(await this.log.readAll({ types: WEBHOOK_EVENT_TYPES }));
  }
}
