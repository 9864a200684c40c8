/**
 * The webhook store in PostgreSQL (schema `webhooks` by default): secrets (sealed,
 * webhook-secret-sealer.ts), the outbox, and a session advisory lock that keeps the dispatcher
 * to one process of the deployment.
 */
import { acquireAdvisoryLock } from '@app/projections';
import type pg from 'pg';
import { pgDriver } from '@app/event-store';
import { type DeliveryRow, deliveryOfRow, everyStatus, typesColumn } from './delivery-rows.js';
import {
  type Delivery,
  type DeliveryAttempt,
  type DeliveryCount,
  type DeliveryFilter,
  type DispatcherLock,
  type OutboxBatch,
  OutboxCheckpointConflictError,
  type RegisteredWebhook,
  type WebhookStore,
  type WebhookStoreState,
} from './webhook-store.port.js';
import { resealed, secretOfRow, type WebhookSecretSealer } from './webhook-secret-sealer.js';
import { inPoolTransaction } from '../postgres/pool-transaction.js';
import { exportPostgresWebhookState, importPostgresWebhookState } from './postgres-webhook-state.js';

export interface PostgresWebhookStoreOptions {
  readonly connectionString?: string;
  /** Seals the secrets at rest; rows kept in clear, or sealed under a previous key, are sealed again on open. */
  readonly sealer: WebhookSecretSealer;
  /** false: leave the rows as they are on open (a store only read, as store:copy's source is). Default true. */
  readonly resealOnOpen?: boolean;
  readonly schema?: string;
  /** How often a waiting dispatcher retries the lock. Default 500 ms. */
  readonly lockRetryMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const tablesDdl = (schema: string): string => `
  CREATE SCHEMA IF NOT EXISTS ${schema};
  CREATE TABLE IF NOT EXISTS ${schema}.webhook_secrets (
    webhook_id text PRIMARY KEY,
    secret text NOT NULL
  );
  ALTER TABLE ${schema}.webhook_secrets ADD COLUMN IF NOT EXISTS key_id text;
  CREATE TABLE IF NOT EXISTS ${schema}.webhooks (
    webhook_id text PRIMARY KEY,
    url text NOT NULL,
    types jsonb,
    position bigint NOT NULL,
    removed boolean NOT NULL DEFAULT false
  );
  CREATE TABLE IF NOT EXISTS ${schema}.webhook_deliveries (
    webhook_id text NOT NULL,
    position bigint NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    delivered_at text,
    next_attempt_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (webhook_id, position)
  );
  CREATE INDEX IF NOT EXISTS webhook_deliveries_by_status ON ${schema}.webhook_deliveries (webhook_id, status, position);
  CREATE TABLE IF NOT EXISTS ${schema}.webhook_outbox (
    id integer PRIMARY KEY CHECK (id = 1),
    checkpoint bigint NOT NULL
  );
`;

/**
 * Seals under the current key the secrets an earlier version kept in clear (rows without a key
 * id) and those sealed under a previous key (webhook-secret-sealer.ts, `resealed`), inside the
 * opening transaction, under its advisory lock: processes starting together reseal each row once.
 */
async function resealSecrets(
  client: pg.PoolClient,
  schema: string,
  sealer: WebhookSecretSealer,
): Promise<void> {
  const { rows } = await client.query<{ webhook_id: string; secret: string; key_id: string | null }>(
    `SELECT webhook_id, secret, key_id FROM ${schema}.webhook_secrets WHERE key_id IS NULL OR key_id <> $1`,
    [sealer.keyId],
  );
  for (const row of rows) {
    const again = resealed(sealer, row.webhook_id, { secret: row.secret, keyId: row.key_id });
    if (again === undefined) continue;
    await client.query(
      `UPDATE ${schema}.webhook_secrets SET secret = $1, key_id = $2 WHERE webhook_id = $3`,
      [again.sealed, again.keyId, row.webhook_id],
    );
  }
}

export class PostgresWebhookStore implements WebhookStore {
  readonly name = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresWebhookStoreOptions,
    private readonly schema: string,
  ) {}

  static async open(options: PostgresWebhookStoreOptions): Promise<PostgresWebhookStore> {
    const schema = options.schema ?? 'webhooks';
    if (!IDENTIFIER.test(schema)) throw new Error(`webhooks: invalid schema name ${schema}`);
    const pool = new (pgDriver().Pool)({
      connectionString: options.connectionString,
      max: 4,
      connectionTimeoutMillis: 10_000,
    });
    const client = await pool.connect();
    try {
      // Several processes may start at once; CREATE ... IF NOT EXISTS alone races on the catalog.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhooks-ddl:${schema}`]);
      await client.query(tablesDdl(schema));
      if (options.resealOnOpen !== false) await resealSecrets(client, schema, options.sealer);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return new PostgresWebhookStore(pool, options, schema);
  }

  async saveSecret(webhookId: string, secret: string): Promise<void> {
    const { sealed, keyId } = this.options.sealer.seal(webhookId, secret);
    await this.pool.query(
      `INSERT INTO ${this.schema}.webhook_secrets (webhook_id, secret, key_id) VALUES ($1, $2, $3)
       ON CONFLICT (webhook_id) DO UPDATE SET secret = excluded.secret, key_id = excluded.key_id`,
      [webhookId, sealed, keyId],
    );
  }

  async secretOf(webhookId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ secret: string; key_id: string | null }>(
      `SELECT secret, key_id FROM ${this.schema}.webhook_secrets WHERE webhook_id = $1`,
      [webhookId],
    );
    const row = rows[0];
    return row && secretOfRow(this.options.sealer, webhookId, { secret: row.secret, keyId: row.key_id });
  }

  async outboxCheckpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ checkpoint: string }>(
      `SELECT checkpoint FROM ${this.schema}.webhook_outbox WHERE id = 1`,
    );
    return rows[0] === undefined ? 0 : Number(rows[0].checkpoint);
  }

  async activeWebhooks(): Promise<RegisteredWebhook[]> {
    const { rows } = await this.pool.query<{
      webhook_id: string;
      url: string;
      types: string[] | null;
      position: string;
    }>(
      `SELECT webhook_id, url, types, position FROM ${this.schema}.webhooks WHERE NOT removed ORDER BY position`,
    );
    return rows.map((row) => ({
      webhookId: row.webhook_id,
      url: row.url,
      types: row.types,
      position: Number(row.position),
    }));
  }

  async commitOutbox(batch: OutboxBatch): Promise<void> {
    await inPoolTransaction(this.pool, 'BEGIN', async (client) => {
      // The row lock makes a concurrent feeder wait here, then see the moved checkpoint.
      const { rows } = await client.query<{ checkpoint: string }>(
        `SELECT checkpoint FROM ${this.schema}.webhook_outbox WHERE id = 1 FOR UPDATE`,
      );
      const current = rows[0] === undefined ? 0 : Number(rows[0].checkpoint);
      if (current !== batch.checkpoint.from) throw new OutboxCheckpointConflictError(batch.checkpoint.from);
      for (const webhook of batch.registered) {
        await client.query(
          `INSERT INTO ${this.schema}.webhooks (webhook_id, url, types, position) VALUES ($1, $2, $3, $4)
           ON CONFLICT (webhook_id) DO NOTHING`,
          [webhook.webhookId, webhook.url, typesColumn(webhook.types), webhook.position],
        );
      }
      if (batch.removed.length > 0) {
        await client.query(
          `UPDATE ${this.schema}.webhooks SET removed = true WHERE webhook_id = ANY($1::text[])`,
          [batch.removed],
        );
      }
      if (batch.deliveries.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.webhook_deliveries (webhook_id, position, event_id, type, status)
           SELECT w, p, e, t, 'pending' FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS d(w, p, e, t)
           ON CONFLICT (webhook_id, position) DO NOTHING`,
          [
            batch.deliveries.map((d) => d.webhookId),
            batch.deliveries.map((d) => d.position),
            batch.deliveries.map((d) => d.eventId),
            batch.deliveries.map((d) => d.type),
          ],
        );
      }
      await client.query(
        `INSERT INTO ${this.schema}.webhook_outbox (id, checkpoint) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET checkpoint = excluded.checkpoint`,
        [batch.checkpoint.to],
      );
    });
  }

  async exportState(): Promise<WebhookStoreState> {
    return exportPostgresWebhookState(this.pool, this.schema, this.options.sealer);
  }

  async importState(state: WebhookStoreState, options: { readonly replace?: boolean } = {}): Promise<void> {
    await importPostgresWebhookState(
      this.pool,
      this.schema,
      this.options.sealer,
      state,
      options.replace === true,
    );
  }

  async nextDeliveries(): Promise<Delivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT d.* FROM ${this.schema}.webhooks w JOIN ${this.schema}.webhook_deliveries d ON d.webhook_id = w.webhook_id
       WHERE NOT w.removed AND d.status = 'pending' AND d.position = (
         SELECT min(p.position) FROM ${this.schema}.webhook_deliveries p WHERE p.webhook_id = w.webhook_id AND p.status = 'pending')`,
    );
    return rows.map(deliveryOfRow);
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.schema}.webhook_deliveries SET status = $1, attempts = $2, last_error = $3, delivered_at = $4, next_attempt_at = $5
       WHERE webhook_id = $6 AND position = $7`,
      [
        attempt.status,
        attempt.attempts,
        attempt.lastError ?? null,
        attempt.deliveredAt ?? null,
        attempt.nextAttemptAt,
        attempt.webhookId,
        attempt.position,
      ],
    );
  }

  async deliveries(webhookId: string, filter: DeliveryFilter): Promise<Delivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM ${this.schema}.webhook_deliveries
       WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2) AND position > $3 ORDER BY position LIMIT $4`,
      [webhookId, filter.status ?? null, filter.after ?? 0, filter.limit],
    );
    return rows.map(deliveryOfRow);
  }

  async countDeliveries(): Promise<DeliveryCount[]> {
    const { rows } = await this.pool.query<{ status: string; count: number }>(
      `SELECT d.status, count(*)::int AS count FROM ${this.schema}.webhooks w
       JOIN ${this.schema}.webhook_deliveries d ON d.webhook_id = w.webhook_id
       WHERE NOT w.removed GROUP BY d.status`,
    );
    return everyStatus(rows);
  }

  acquireDispatcherLock(signal: AbortSignal): Promise<DispatcherLock> {
    const key = `webhooks-dispatcher:${this.schema}`;
    return acquireAdvisoryLock(this.options.connectionString, key, this.options.lockRetryMs ?? 500, signal);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
