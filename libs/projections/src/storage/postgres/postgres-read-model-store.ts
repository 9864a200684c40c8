/**
 * The read-model store in PostgreSQL: documents, checkpoints and the audit entries' table,
 * shared by any number of API processes, written by the one projector holding the lock.
 */
import type pg from 'pg';
import { pgDriver } from '@app/event-store';
import { CheckpointConflictError } from '../../projection.errors.js';
import { READ_MODELS_VERSION } from '../read-models-version.js';
import { acquireAdvisoryLock } from './postgres-advisory-lock.js';
import type {
  AuditFilter,
  ProjectionCommit,
  ProjectorLock,
  ReadModelStore,
  StoredDocument,
} from '../read-model-store.port.js';

export interface PostgresReadModelStoreOptions {
  /** libpq URL; when absent, the PG* environment variables apply. */
  readonly connectionString?: string;
  /** Schema holding the read-model tables (created when missing). Default `read_models`. */
  readonly schema?: string;
  /** How often a waiting projector retries the lock. Default 500 ms. */
  readonly lockRetryMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const tablesDdl = (schema: string): string => `
  CREATE SCHEMA IF NOT EXISTS ${schema};
  CREATE TABLE IF NOT EXISTS ${schema}.projection_documents (
    projection text NOT NULL,
    key text NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (projection, key)
  );
  CREATE TABLE IF NOT EXISTS ${schema}.projection_checkpoints (
    projection text PRIMARY KEY,
    position bigint NOT NULL
  );
  CREATE TABLE IF NOT EXISTS ${schema}.read_models_version (
    id integer PRIMARY KEY CHECK (id = 1),
    version integer NOT NULL
  );
  CREATE TABLE IF NOT EXISTS ${schema}.audit_entries (
    position bigint PRIMARY KEY,
    bloc_id text,
    year integer,
    unit_id text,
    actor text NOT NULL,
    type text NOT NULL,
    recorded_at timestamptz NOT NULL
  );
`;

const AUDIT_INDEXES = [
  'audit_by_bloc_year',
  'audit_by_unit_type',
  'audit_by_actor',
  'audit_by_type',
  'audit_by_time',
];

const auditIndexesDdl = (schema: string): string => `
  CREATE INDEX IF NOT EXISTS audit_by_bloc_year ON ${schema}.audit_entries (bloc_id, year, position);
  CREATE INDEX IF NOT EXISTS audit_by_unit_type ON ${schema}.audit_entries (unit_id, type, position);
  CREATE INDEX IF NOT EXISTS audit_by_actor ON ${schema}.audit_entries (actor, position);
  CREATE INDEX IF NOT EXISTS audit_by_type ON ${schema}.audit_entries (type, position);
  CREATE INDEX IF NOT EXISTS audit_by_time ON ${schema}.audit_entries (recorded_at, position);
`;

/**
 * Empties read models written by another version (read-models-version.ts), or by one from before
 * the version was recorded, for the projector to rebuild from the log; then records this one.
 * Runs under the DDL lock, in the opening transaction. Every process of the old version must be
 * stopped first: an old projector still running would fill the emptied tables with its shapes.
 */
async function emptyIfAnotherVersion(client: pg.PoolClient, schema: string): Promise<void> {
  const { rows } = await client.query<{ version: number }>(
    `SELECT version FROM ${schema}.read_models_version`,
  );
  if (rows[0]?.version === READ_MODELS_VERSION) return;
  await client.query(
    `TRUNCATE ${schema}.projection_documents, ${schema}.projection_checkpoints, ${schema}.audit_entries`,
  );
  await client.query(
    `INSERT INTO ${schema}.read_models_version (id, version) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
    [READ_MODELS_VERSION],
  );
}

/**
 * Read models in PostgreSQL, shared by any number of API processes. Exactly one projector
 * writes them: it holds a session advisory lock on a dedicated connection; a waiting
 * projector takes over as soon as that connection dies.
 */
export class PostgresReadModelStore implements ReadModelStore {
  readonly name = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresReadModelStoreOptions,
    private readonly schema: string,
  ) {}

  static async open(options: PostgresReadModelStoreOptions = {}): Promise<PostgresReadModelStore> {
    const schema = options.schema ?? 'read_models';
    if (!IDENTIFIER.test(schema)) throw new Error(`read models: invalid schema name ${schema}`);
    const pool = new (pgDriver().Pool)({
      connectionString: options.connectionString,
      max: 4,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    const client = await pool.connect();
    try {
      // Several processes may start at once; CREATE ... IF NOT EXISTS alone races on the catalog.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-models-ddl:${schema}`]);
      await client.query(tablesDdl(schema));
      await emptyIfAnotherVersion(client, schema);
      // Also completes the indexes of a rebuild that was interrupted before it finished.
      await client.query(auditIndexesDdl(schema));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      await pool.end();
      throw error;
    } finally {
      client.release();
    }
    return new PostgresReadModelStore(pool, options, schema);
  }

  async checkpoints(): Promise<ReadonlyMap<string, number>> {
    const { rows } = await this.pool.query<{ projection: string; position: string }>(
      `SELECT projection, position FROM ${this.schema}.projection_checkpoints`,
    );
    return new Map(rows.map((row) => [row.projection, Number(row.position)]));
  }

  async loadDocuments(projection: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.pool.query<{ key: string; body: unknown }>(
      `SELECT key, body FROM ${this.schema}.projection_documents WHERE projection = $1 AND key = ANY($2::text[])`,
      [projection, keys],
    );
    return new Map(rows.map((row) => [row.key, row.body]));
  }

  async loadDocument(projection: string, key: string): Promise<unknown> {
    return (await this.loadDocuments(projection, [key])).get(key);
  }

  async listDocuments(projection: string): Promise<StoredDocument[]> {
    const { rows } = await this.pool.query<{ key: string; body: unknown }>(
      `SELECT key, body FROM ${this.schema}.projection_documents WHERE projection = $1 ORDER BY key COLLATE "C"`,
      [projection],
    );
    return rows.map((row) => ({ projection, key: row.key, body: row.body }));
  }

  async commit(commit: ProjectionCommit): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const checkpoint of commit.checkpoints) {
        // Compare-and-set: a projection starts from an absent row (0) or moves on from `from`.
        const { rowCount } =
          checkpoint.from === 0
            ? await client.query(
                `INSERT INTO ${this.schema}.projection_checkpoints AS checkpoint (projection, position) VALUES ($1, $2)
                 ON CONFLICT (projection) DO UPDATE SET position = excluded.position WHERE checkpoint.position = 0`,
                [checkpoint.projection, checkpoint.to],
              )
            : await client.query(
                `UPDATE ${this.schema}.projection_checkpoints SET position = $3 WHERE projection = $1 AND position = $2`,
                [checkpoint.projection, checkpoint.from, checkpoint.to],
              );
        if (rowCount !== 1) throw new CheckpointConflictError(checkpoint.projection, checkpoint.from);
      }
      if (commit.documents.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.projection_documents (projection, key, body)
             SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
           ON CONFLICT (projection, key) DO UPDATE SET body = excluded.body`,
          [
            commit.documents.map((document) => document.projection),
            commit.documents.map((document) => document.key),
            commit.documents.map((document) => JSON.stringify(document.body)),
          ],
        );
      }
      if (commit.auditEntries.length > 0) {
        const entries = [...commit.auditEntries];
        await client.query(
          `INSERT INTO ${this.schema}.audit_entries (position, bloc_id, year, unit_id, actor, type, recorded_at)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[],
                                  $7::timestamptz[])`,
          [
            entries.map((entry) => entry.position),
            entries.map((entry) => entry.blocId),
            entries.map((entry) => entry.year),
            entries.map((entry) => entry.unitId),
            entries.map((entry) => entry.actor),
            entries.map((entry) => entry.type),
            entries.map((entry) => entry.recordedAt),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async searchAudit(filter: AuditFilter): Promise<number[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: (placeholder: string) => string, value: unknown): void => {
      if (value === undefined) return;
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    condition((p) => `bloc_id = ${p}`, filter.blocId);
    condition((p) => `year = ${p}`, filter.year);
    condition((p) => `unit_id = ${p}`, filter.unitId);
    condition((p) => `actor = ${p}`, filter.actor);
    condition((p) => `type = ANY(${p}::text[])`, filter.types?.length ? filter.types : undefined);
    condition((p) => `recorded_at >= ${p}::timestamptz`, filter.from);
    condition((p) => `recorded_at <= ${p}::timestamptz`, filter.to);
    condition((p) => `position > ${p}`, filter.after);
    params.push(filter.limit);
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.audit_entries` +
        (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY position LIMIT $${params.length}`,
      params,
    );
    // A bigint arrives as a string.
    return rows.map((row) => Number(row.position));
  }

  async blocYearPositionsUntil(blocId: string, year: number, until: string): Promise<number[]> {
    // The bound: the bloc-year's last position recorded by then (audit_by_bloc_year, read backwards).
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.audit_entries
         WHERE bloc_id = $1 AND year = $2
           AND position <= (SELECT position FROM ${this.schema}.audit_entries
                              WHERE bloc_id = $1 AND year = $2 AND recorded_at <= $3::timestamptz
                              ORDER BY position DESC LIMIT 1)
         ORDER BY position`,
      [blocId, year, until],
    );
    return rows.map((row) => Number(row.position));
  }

  async reset(): Promise<void> {
    await this.pool.query(
      `TRUNCATE ${this.schema}.projection_documents, ${this.schema}.projection_checkpoints, ${this.schema}.audit_entries;` +
        AUDIT_INDEXES.map((index) => `DROP INDEX IF EXISTS ${this.schema}.${index};`).join(''),
    );
  }

  async finishRebuild(): Promise<void> {
    await this.pool.query(auditIndexesDdl(this.schema));
    // Fresh statistics, so that the planner prefers a selective index (a unit) over a common one (a type).
    await this.pool.query(`ANALYZE ${this.schema}.audit_entries`);
  }

  acquireProjectorLock(signal: AbortSignal): Promise<ProjectorLock> {
    const key = `read-models-projector:${this.schema}`;
    return acquireAdvisoryLock(this.options.connectionString, key, this.options.lockRetryMs ?? 500, signal);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
