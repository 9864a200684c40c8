import pg from 'pg';

const { escapeIdentifier } = pg;
import type { IdempotencyRecord, IdempotencyStore } from './idempotency.port.js';
import { KeyedMutex } from '../write/keyed-mutex.js';

const createTable = (table: string): string => `CREATE TABLE IF NOT EXISTS ${table} (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code  INTEGER NOT NULL,
  body         JSONB NOT NULL,
  recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
)`;

/**
 * Keeps the answers in PostgreSQL. Several API processes may share the database, so a key is
 * serialised across them with a session advisory lock on a dedicated connection.
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
    const pool = new pg.Pool({ connectionString, max: 10 });
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

  exclusive<T>(principal: string, key: string, work: () => Promise<T>): Promise<T> {
    // PostgreSQL text cannot hold NUL, so the pair is written as JSON.
    const lockName = `${this.table}:${JSON.stringify([principal, key])}`;
    return this.mutex.run(lockName, async () => {
      const client = await this.pool.connect();
      // A connection whose unlock failed may still hold the lock: it is destroyed, not pooled.
      let unlockFailed = false;
      try {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName]);
        try {
          return await work();
        } finally {
          await client
            .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName])
            .catch(() => (unlockFailed = true));
        }
      } finally {
        client.release(unlockFailed);
      }
    });
  }

  async find(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number; body: unknown }>(
      `SELECT request_hash, status_code, body FROM ${this.table} WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return { principal, key, requestHash: row.request_hash, statusCode: row.status_code, body: row.body };
  }

  async save(record: IdempotencyRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (principal, key, request_hash, status_code, body)
       VALUES ($1, $2, $3, $4, $5)`,
      [record.principal, record.key, record.requestHash, record.statusCode, JSON.stringify(record.body)],
    );
  }

  async close(): Promise<void> {
    // Answers being recorded are written before the pool ends.
    await this.mutex.idle();
    await this.pool.end();
  }
}
