/**
 * The audit index's tables in SQLite: their schema, the shape of a stored chunk, and how the
 * index's parts reach the connection's prepared statements.
 */
import type Database from 'better-sqlite3';

export const AUDIT_INDEX_TABLES = `
  CREATE TABLE IF NOT EXISTS audit_terms (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS audit_postings (
    id INTEGER PRIMARY KEY,
    term INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    last INTEGER NOT NULL,
    -- The range of the times (list of every event only), before the blobs: a search for a time
    -- range skips chunks by these without reading their blobs.
    earliest REAL,
    latest REAL,
    positions BLOB NOT NULL,
    times BLOB
  );
  CREATE UNIQUE INDEX IF NOT EXISTS audit_postings_by_term ON audit_postings (term, shard, last);
`;

/** Every table the index has had (`audit_entries`: a row per event, before the posting lists). */
export const DROP_AUDIT_INDEX_TABLES =
  'DROP TABLE IF EXISTS audit_entries; DROP TABLE IF EXISTS audit_terms; DROP TABLE IF EXISTS audit_postings;';

/** A prepared statement of the connection, cached; `pluck` statements return the first column only. */
export type Statement = (sql: string, pluck?: boolean) => Database.Statement;

/** One chunk of a list as stored in `audit_postings`. */
export interface ChunkRow {
  readonly last: number;
  readonly earliest: number | null;
  readonly latest: number | null;
  readonly positions: Buffer;
  readonly times: Buffer | null;
}
