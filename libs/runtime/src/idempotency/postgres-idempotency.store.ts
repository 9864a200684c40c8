/**
 * The idempotency records in PostgreSQL, a key
 * serialised across API processes by an advisory lock.
 */

import type pg from 'pg';
import { escapeIdentifier, pgDriver } from '@app/event-store';

import {
  assertRecordLimit,
  type HeldKey,
  type IdempotencyRecord,
  type IdempotencyRecordCursor,
  IdempotencyRecordConflictError,
  type IdempotencyStore,
  sameAnswer,
  type StoredIdempotencyRecord,
} from './idempotency.port.js';
import { KeyedMutex } from '../concurrency/keyed-mutex.js';
import { inPoolAdvisoryLock, LOCKING_POOL_OPTIONS } from '../postgres/pool-advisory-lock.js';
import { inPoolTransaction } from '../postgres/pool-transaction.js';

const createTable = (table: string): string => `CREATE TABLE IF NOT EXISTS ${table} (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code  INTEGER NOT NULL,
  body         JSONB NOT NULL,
  recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
)`;

/** A stored answer's columns (the body as PostgreSQL parsed its JSONB). */
interface AnswerRow {
  request_hash: string;
  status_code: number;
  body: unknown;
}

/** A stored row as the record it keeps. */
function recordOf(principal: string, key: string, row: AnswerRow): IdempotencyRecord {
  return { principal, key, requestHash: row.request_hash, statusCode: row.status_code, body: row.body };
}

/**
 * Keeps the answers in PostgreSQL. Several API processes may share the database, so a key is
 * serialised across them with a session advisory lock on a connection of the pool; the
 * record is read and written on that same connection, so a held key needs exactly one
 * connection and any number of concurrent keys merely queue for the pool.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly mutex = new KeyedMutex();

  private constructor(
    private readonly pool: pg.Pool,
    /** The qualified table name, e.g. `"public"."api_idempotency_record"`. */
    private readonly table: string,
  ) {}

  /** Connects and creates the table (in `schema`, `public` by default) when missing. */
  static async connect(connectionString: string, schema = 'public'): Promise<PostgresIdempotencyStore> {
    const pool = new (pgDriver().Pool)({ connectionString, ...LOCKING_POOL_OPTIONS });
    // An idle client's connection error must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const table = `${escapeIdentifier(schema)}.${escapeIdentifier('api_idempotency_record')}`;
    const client = await pool.connect();
    try {
      // Two processes creating the table at once can race on the catalog; the lock orders them.
      await client.query(`SELECT pg_advisory_lock(hashtext('api_idempotency_record:schema'))`);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
        await client.query(createTable(table));
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('api_idempotency_record:schema'))`);
      }
    } catch (error) {
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return new PostgresIdempotencyStore(pool, table);
  }

  exclusive<T>(principal: string, key: string, work: (held: HeldKey) => Promise<T>): Promise<T> {
    // PostgreSQL text cannot hold NUL, so the pair is written as JSON.
    const lockName = `${this.table}:${JSON.stringify([principal, key])}`;
    return this.mutex.run(lockName, () =>
      inPoolAdvisoryLock(this.pool, lockName, (client) =>
        work({
          find: () => this.findOn(client, principal, key),
          save: (answer) => this.saveOn(client, { principal, key, ...answer }),
        }),
      ),
    );
  }

  find(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.findOn(this.pool, principal, key);
  }

  private async findOn(
    db: pg.Pool | pg.PoolClient,
    principal: string,
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    const { rows } = await db.query<AnswerRow>(
      `SELECT request_hash, status_code, body FROM ${this.table} WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    const row = rows[0];
    return row && recordOf(principal, key, row);
  }

  private async saveOn(client: pg.PoolClient, record: IdempotencyRecord): Promise<void> {
    await client.query(
      `INSERT INTO ${this.table} (principal, key, request_hash, status_code, body)
       VALUES ($1, $2, $3, $4, $5)`,
      [record.principal, record.key, record.requestHash, record.statusCode, JSON.stringify(record.body)],
    );
  }

  async readRecords(
    after: IdempotencyRecordCursor | undefined,
    limit: number,
  ): Promise<StoredIdempotencyRecord[]> {
    assertRecordLimit(limit);
    const { rows } = await this.pool.query<AnswerRow & { principal: string; key: string; recorded_at: Date }>(
      `SELECT principal, key, request_hash, status_code, body, recorded_at FROM ${this.table}
       WHERE $1::text IS NULL OR (principal, key) > ($1::text, $2::text)
       ORDER BY principal, key LIMIT $3`,
      [after?.principal ?? null, after?.key ?? null, limit],
    );
    return rows.map((row) => ({
      ...recordOf(row.principal, row.key, row),
      recordedAt: row.recorded_at.toISOString(),
    }));
  }

  async importRecords(records: readonly StoredIdempotencyRecord[]): Promise<number> {
    return inPoolTransaction(this.pool, 'BEGIN', async (client) => {
      let added = 0;
      for (const record of records) {
        const inserted = await client.query(
          `INSERT INTO ${this.table} (principal, key, request_hash, status_code, body, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (principal, key) DO NOTHING`,
          [
            record.principal,
            record.key,
            record.requestHash,
            record.statusCode,
            JSON.stringify(record.body),
            record.recordedAt,
          ],
        );
        if (inserted.rowCount === 1) {
          added++;
          continue;
        }
        const held = await this.findOn(client, record.principal, record.key);
        if (held === undefined || !sameAnswer(held, record)) throw new IdempotencyRecordConflictError(record);
      }
      return added;
    });
  }

  async close(): Promise<void> {
    // Answers being recorded are written before the pool ends.
    await this.mutex.idle();
    await this.pool.end();
  }
}
