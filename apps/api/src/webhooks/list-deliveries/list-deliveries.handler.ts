/**
 * Answers ListDeliveriesQuery from the outbox: a webhook registered in the log (removed ones
 * too: their deliveries stay to be seen), else 404.
 */
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { webhookStream } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { WEBHOOK_STORE, type WebhookStore } from '@app/runtime';
import { ApiError } from '../../http/api.error.js';
import { assertNationalBoard } from '../national-board.js';
import { type DeliveryView, deliveryView } from './delivery-view.js';
import { ListDeliveriesQuery } from './list-deliveries.query.js';

@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveriesQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly log: EventStore,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
  ) {}

  async execute({ webhookId, filter, reader }: ListDeliveriesQuery): Promise<DeliveryView[]> {
    assertNationalBoard(reader);
    const registration = await this.log.readStream(webhookStream(webhookId), { maxCount: 1 });
    if (registration.length === 0) throw ApiError.notFound(`no webhook ${webhookId}`);
    return (await this.store.deliveries(webhookId, filter)).map(deliveryView);
  }
}
