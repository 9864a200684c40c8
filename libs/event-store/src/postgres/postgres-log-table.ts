/**
 * Where one PostgreSQL log lives: its schema's events table, the advisory locks and the
 * NOTIFY channel derived from the schema's name, and the statement that creates the table.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { escapeIdentifier } from './pg-driver.js';

/** First key of the store's advisory locks (ASCII "EVST"); the second is derived from the schema. */
export const LOCK_NAMESPACE = 0x45565354;

export interface LogTable {
  readonly schema: string;
  /** The events table, quoted for SQL. */
  readonly table: string;
  /** Second key of the advisory locks: one lock per schema, so separate logs never contend. */
  readonly lockKey: number;
  /** The channel appends NOTIFY on. */
  readonly channel: string;
}

export function logTableOf(schema: string): LogTable {
  const digest = createHash('sha256').update(schema).digest();
  return {
    schema,
    table: `${escapeIdentifier(schema)}.events`,
    lockKey: digest.readInt32BE(0),
    channel: `event_store_${digest.toString('hex').slice(0, 16)}`,
  };
}

/** Creates the schema and its events table when missing. */
// --- schema --------------------------------------------------------------------------------

export async function createLogTable(pool: Pool, log: LogTable): Promise<void> {
  const client = await pool.connect();
  let connectionBroken: Error | undefined;
  try {
    // Two processes opening a new store at once would race on CREATE ... IF NOT EXISTS.
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE + 1}, ${log.lockKey})`);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(log.schema)};
      CREATE TABLE IF NOT EXISTS ${log.table} (
        position    bigint      PRIMARY KEY,
        id          uuid        NOT NULL UNIQUE,
        stream_id   text        COLLATE "C" NOT NULL,
        revision    bigint      NOT NULL,
        type        text        NOT NULL,
        -- The canonical JSON text as hashed: text, not jsonb, so it reads back byte-for-byte.
        data        text        NOT NULL,
        metadata    text        NOT NULL,
        recorded_at timestamptz NOT NULL,
        hash        text        NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX IF NOT EXISTS events_by_type ON ${log.table} (type, position);
    `);
    await client.query('COMMIT');
  } catch (error) {
    connectionBroken = await rollback(client);
    throw error;
  } finally {
    client.release(connectionBroken);
  }
}

/** Rolls back; returns the error when the connection itself is unusable, so the pool drops it. */
export async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
