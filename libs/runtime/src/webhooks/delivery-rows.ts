/** What the SQLite and PostgreSQL webhook stores share: a delivery's row, a webhook's types column, and the lock's retry pause. */
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryCount,
  type DeliveryStatus,
} from './webhook-store.port.js';

/** A delivery's row; PostgreSQL hands its bigint columns over as text. */
export interface DeliveryRow {
  webhook_id: string;
  position: number | string;
  event_id: string;
  type: string;
  status: DeliveryStatus;
  attempts: number | string;
  last_error: string | null;
  delivered_at: string | null;
  next_attempt_at: number | string;
}

/** Counts by status as a GROUP BY gives them (absent: none), completed to every status. */
export function everyStatus(rows: readonly { status: string; count: number | string }[]): DeliveryCount[] {
  return DELIVERY_STATUSES.map((status) => ({
    status,
    count: Number(rows.find((row) => row.status === status)?.count ?? 0),
  }));
}

export function deliveryOfRow(row: DeliveryRow): Delivery {
  return {
    webhookId: row.webhook_id,
    position: Number(row.position),
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: Number(row.attempts),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.delivered_at !== null ? { deliveredAt: row.delivered_at } : {}),
    nextAttemptAt: Number(row.next_attempt_at),
  };
}

/** A webhook's event types as its `types` column keeps them: JSON text, null for every type. */
export function typesColumn(types: readonly string[] | null): string | null {
  return types === null ? null : JSON.stringify(types);
}

/** A `types` column read back (SQLite keeps it as text). */
export function typesOfColumn(column: string | null): string[] | null {
  return column === null ? null : (JSON.parse(column) as string[]);
}
