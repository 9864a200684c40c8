/** Maps an event of the log to its row in the audit index. */
import type { RecordedEvent, ReplayedEvent } from '@app/event-store';
import type { AuditEntry } from '../storage/read-model-store.port.js';

/**
 * The audit index row of an event: bloc, year and unit as its data names them (so every event
 * of a unit is found, whatever stream it sits in), and the actor's subject.
 */
export function auditEntryOf(event: ReplayedEvent): AuditEntry {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  return {
    position: event.position,
    blocId: typeof data.blocId === 'string' ? data.blocId : null,
    year: typeof data.year === 'number' && Number.isInteger(data.year) ? data.year : null,
    unitId: typeof data.unitId === 'string' ? data.unitId : null,
    actor: event.metadata.actor.sub,
    type: event.type,
    recordedAt: event.recordedAt,
  };
}

/**
 * An event as the audit trail shows it (an item of GET /api/audit), and as a webhook receives
 * it: the envelope's fields, in this order.
 */
export function auditEventOf(event: RecordedEvent): AuditEvent {
  const { id, position, streamId, revision, type, data, metadata, recordedAt } = event;
  return { id, position, streamId, revision, type, data, metadata, recordedAt };
}

export type AuditEvent = Pick<
  RecordedEvent,
  'id' | 'position' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;
