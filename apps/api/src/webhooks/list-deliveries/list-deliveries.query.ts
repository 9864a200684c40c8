/** One webhook's deliveries in log order, by status. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { DeliveryStatus } from '@app/runtime';
import type { DeliveryView } from './delivery-view.js';

export class ListDeliveriesQuery extends Query<DeliveryView[]> {
  constructor(
    readonly webhookId: string,
    readonly filter: { readonly status?: DeliveryStatus; readonly after?: number; readonly limit: number },
    readonly reader: Actor,
  ) {
    super();
  }
}
