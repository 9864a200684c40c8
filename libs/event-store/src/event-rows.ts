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

/**
 * The events of the rows of one read, in order. The events of one append carry one command's
 * metadata (its actor, correlation and causation), stored as the same text on each of its rows,
 * and parsing JSON is most of a scan's time after SQLite's own: a run of rows with the same
 * metadata text shares one parsed object. Every event's metadata is frozen, all the way down,
 * shared or not, so that no reader can change what another event (or another reader) holds.
 */
export function toRecordedEvents(rows: readonly EventRow[]): RecordedEvent[] {
  const events: RecordedEvent[] = new Array(rows.length);
  let metadataText: string | undefined;
  let metadata: RecordedEvent['metadata'] | undefined;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (row[6] !== metadataText) {
      metadataText = row[6];
      metadata = deepFrozen(JSON.parse(metadataText)) as RecordedEvent['metadata'];
    }
    events[index] = recordedEvent(row, metadata!);
  }
  return events;
}

function recordedEvent(row: EventRow, metadata: RecordedEvent['metadata']): RecordedEvent {
  // Read field by field, JSON.parse called directly: the readers' hot loop (a full scan makes
  // one of these per event).
  return {
    id: row[1],
    streamId: row[2],
    revision: Number(row[3]),
    position: Number(row[0]),
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata,
    recordedAt: isoTime(row[7]),
  };
}

/** A parsed JSON value, frozen with every object and array in it. */
function deepFrozen(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** The event as the integrity walk checks it: text that no longer parses is kept as undefined. */
export function toStoredChainRow(row: ChainRow): StoredChainRow {
  return {
    id: row[1],
    streamId: row[2],
    revision: Number(row[3]),
    position: Number(row[0]),
    type: row[4],
    data: parseStored(row[5]),
    metadata: parseStored(row[6]),
    recordedAt: isoTime(row[7]),
    hash: row[8],
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
