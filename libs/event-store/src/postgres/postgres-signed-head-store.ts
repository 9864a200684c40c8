/**
 * The signed heads on PostgreSQL: a table of their own in a schema of their own (default
 * `audit`), not beside the events, so that dropping or replacing the log's schema leaves them.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { escapeIdentifier, pgDriver } from './pg-driver.js';
import type { SignedHead, SignedHeadRead, SignedHeadStore } from '../signed-head.js';
import { assertSignedHeadRead, HEAD_COLUMNS, type HeadRow, headValues, toSignedHead } from '../signed-head-rows.js';

export const DEFAULT_HEADS_SCHEMA = 'audit';


export class PostgresSignedHeadStore implements SignedHeadStore {
  private readonly table: string;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${escapeIdentifier(schema)}.signed_heads`;
  }

  static async open(options: { connectionString: string; schema?: string }): Promise<PostgresSignedHeadStore> {
    const pool = new (pgDriver().Pool)({ connectionString: options.connectionString, max: 2, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined);
    const schema = options.schema ?? DEFAULT_HEADS_SCHEMA;
    const store = new PostgresSignedHeadStore(pool, schema);
    // Several API processes starting at once would race on CREATE ... IF NOT EXISTS.
    const lockKey = createHash('sha256').update(`signed-heads:${schema}`).digest().readInt32BE(0);
    try {
      // recordedAt and signedAt are kept as the exact text that was signed, not as timestamps.
      await pool.query(
        `BEGIN;
         SELECT pg_advisory_xact_lock(${lockKey});
         CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)};
         CREATE TABLE IF NOT EXISTS ${store.table} (
           position    bigint PRIMARY KEY,
           hash        text NOT NULL,
           recorded_at text NOT NULL,
           signed_at   text NOT NULL,
           key_id      text NOT NULL,
           signature   text NOT NULL
         );
         COMMIT;`,
      );
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async append(head: SignedHead): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (${HEAD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (position) DO NOTHING`,
      headValues(head),
    );
  }

  async latest(): Promise<SignedHead | undefined> {
    const { rows } = await this.pool.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM ${this.table} ORDER BY position DESC LIMIT 1`,
    );
    return rows[0] && toSignedHead(rows[0]);
  }

  async all(): Promise<SignedHead[]> {
    const { rows } = await this.pool.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM ${this.table} ORDER BY position`);
    return rows.map(toSignedHead);
  }

  async read(options: SignedHeadRead): Promise<SignedHead[]> {
    const { from, direction, maxCount } = assertSignedHeadRead(options);
    const { rows } = await this.pool.query<HeadRow>(
      direction === 'forwards'
        ? `SELECT ${HEAD_COLUMNS} FROM ${this.table} WHERE position >= $1 ORDER BY position LIMIT $2`
        : `SELECT ${HEAD_COLUMNS} FROM ${this.table} WHERE position <= $1 ORDER BY position DESC LIMIT $2`,
      [from, maxCount],
    );
    return rows.map(toSignedHead);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
