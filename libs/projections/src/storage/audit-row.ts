import type { AuditEntry } from './read-model-store.port.js';

/** An audit index row as both databases return it (PostgreSQL answers a bigint as a string). */
export interface AuditRow {
  readonly position: number | string;
  readonly bloc_id: string | null;
  readonly year: number | null;
  readonly unit_id: string | null;
  readonly actor: string;
  readonly type: string;
  readonly recorded_at: string;
}

export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    position: Number(row.position),
    blocId: row.bloc_id,
    year: row.year,
    unitId: row.unit_id,
    actor: row.actor,
    type: row.type,
    recordedAt: row.recorded_at,
  };
}
