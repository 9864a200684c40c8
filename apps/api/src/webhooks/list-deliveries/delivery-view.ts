/** A delivery as GET /api/webhooks/:id/deliveries shows it. */
import type { Delivery, DeliveryStatus } from '@app/runtime';

export interface DeliveryView {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly deliveredAt?: string;
  /** When a pending delivery that failed before is tried again (ISO-8601). */
  readonly nextAttemptAt?: string;
}

export function deliveryView(delivery: Delivery): DeliveryView {
  const { eventId, position, type, status, attempts, lastError, deliveredAt, nextAttemptAt } = delivery;
  return {
    eventId,
    position,
    type,
    status,
    attempts,
    ...(lastError !== undefined ? { lastError } : {}),
    ...(deliveredAt !== undefined ? { deliveredAt } : {}),
    ...(status === 'pending' && nextAttemptAt > 0
      ? { nextAttemptAt: new Date(nextAttemptAt).toISOString() }
      : {}),
  };
}
