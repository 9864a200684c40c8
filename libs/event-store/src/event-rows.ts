/**
 * Maps a row of the SQL adapters' events table to the event it stores: the RecordedEvent
 * readers get, and the StoredChainRow the integrity walk checks.
 *
 * Both adapters read rows as arrays (better-sqlite3's raw mode, pg's `rowMode: 'array'`), in
 * the column order below, so that no object is made per row before the event itself.
 * PostgreSQL hands bigints back as text and timestamps as Date; SQLite as number and text.
 */
import type { RecordedEvent } from './event-store.port.js';
import type { StoredChainRow } from './hash-chain.js';

/** The columns of an event, in the order EventRow holds them. */
export const EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';
/** The columns of an event and its chain hash, in the order ChainRow holds them. */
export const CHAIN_COLUMNS = `${EVENT_COLUMNS}, hash`;

/** An event row as an array, data and metadata as their stored JSON text. */
export type EventRow = [
  position: number | string,
  id: string,
  streamId: string,
  revision: number | string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string | Date,
];

/** An event row followed by its chain hash. */
export type ChainRow = [...EventRow, hash: string];

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return eventOf(row, JSON.parse) as RecordedEvent;
}

/** The event as the integrity walk checks it: text that no longer parses is kept as undefined. */
export function toStoredChainRow(row: ChainRow): StoredChainRow {
  return { ...eventOf(row, parseStored), hash: row[8] };
}

function eventOf(
  [position, id, streamId, revision, type, data, metadata, recordedAt]: EventRow | ChainRow,
  parse: (text: string) => unknown,
): Omit<StoredChainRow, 'hash'> {
  return {
    id,
    streamId,
    revision: Number(revision),
    position: Number(position),
    type,
    data: parse(data),
    metadata: parse(metadata),
    recordedAt: isoTime(recordedAt),
  };
}

function isoTime(recordedAt: string | Date): string {
  return typeof recordedAt === 'string' ? recordedAt : recordedAt.toISOString();
}

/** Stored text that is no longer JSON was tampered with; verification reports it as broken. */
function parseStored(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
