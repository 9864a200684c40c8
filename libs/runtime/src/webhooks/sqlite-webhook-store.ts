/**
 * The webhook store in one SQLite file in DATA_DIR (`webhooks.sqlite`, mode 0600): secrets
 * (sealed, webhook-secret-sealer.ts), the outbox, and a lease that keeps the dispatcher to one
 * process of the machine.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { abortablePause } from '@app/projections';
import type Database from 'better-sqlite3';
import { type DeliveryRow, deliveryOfRow, everyStatus, typesColumn, typesOfColumn } from './delivery-rows.js';
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
import { openDurableDatabase } from '@app/event-store/sqlite';
import {
  exportSqliteWebhookState,
  importSqliteWebhookState,
  outboxCheckpointOf,
} from './sqlite-webhook-state.js';

export const WEBHOOKS_FILE = 'webhooks.sqlite';

export interface SqliteWebhookStoreOptions {
  readonly file: string;
  /** Seals the secrets at rest; rows kept in clear, or sealed under a previous key, are sealed again on open. */
  readonly sealer: WebhookSecretSealer;
  /** false: leave the rows as they are on open (a store only read, as store:copy's source is). Default true. */
  readonly resealOnOpen?: boolean;
  /** How long a dispatcher's lease lasts without renewal (a killed process's is taken over after it). Default 10 s. */
  readonly leaseMs?: number;
  /** How often a waiting dispatcher tries the lease. Default 500 ms. */
  readonly lockRetryMs?: number;
}

const TABLES = `
  CREATE TABLE IF NOT EXISTS webhook_secrets (
    webhook_id TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    key_id TEXT
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS webhooks (
    webhook_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    types TEXT,
    position INTEGER NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    webhook_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    delivered_at TEXT,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (webhook_id, position)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS webhook_deliveries_by_status ON webhook_deliveries (webhook_id, status, position);
  CREATE TABLE IF NOT EXISTS webhook_outbox (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checkpoint INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS webhook_dispatcher_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
`;

/**
 * Seals under the current key, inside the opening transaction, the secrets an earlier version
 * kept in clear (rows where `key_id` is null) and those sealed under a previous key
 * (webhook-secret-sealer.ts, `resealed`).
 */
function resealSecrets(db: Database.Database, sealer: WebhookSecretSealer): void {
  const rows = db
    .prepare('SELECT webhook_id, secret, key_id FROM webhook_secrets WHERE key_id IS NULL OR key_id <> ?')
    .all(sealer.keyId) as { webhook_id: string; secret: string; key_id: string | null }[];
  const update = db.prepare('UPDATE webhook_secrets SET secret = ?, key_id = ? WHERE webhook_id = ?');
  for (const row of rows) {
    const again = resealed(sealer, row.webhook_id, { secret: row.secret, keyId: row.key_id });
    if (again !== undefined) update.run(again.sealed, again.keyId, row.webhook_id);
  }
}

export class SqliteWebhookStore implements WebhookStore {
  readonly name = 'sqlite';

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteWebhookStoreOptions,
  ) {}

  static open(options: SqliteWebhookStoreOptions): SqliteWebhookStore {
    // The file holds the secrets: created 0600 before SQLite opens it, whatever the umask.
    const db = openDurableDatabase(options.file);
    try {
      db.transaction(() => {
        db.exec(TABLES);
        // A table from before secrets were sealed has no key_id column.
        const columns = db
          .prepare("SELECT name FROM pragma_table_info('webhook_secrets')")
          .pluck()
          .all() as string[];
        if (!columns.includes('key_id')) db.exec('ALTER TABLE webhook_secrets ADD COLUMN key_id TEXT');
        if (options.resealOnOpen !== false) resealSecrets(db, options.sealer);
      }).immediate();
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteWebhookStore(db, options);
  }

  static inDataDir(dataDir: string, sealer: WebhookSecretSealer): SqliteWebhookStore {
    return SqliteWebhookStore.open({ file: join(dataDir, WEBHOOKS_FILE), sealer });
  }

  async saveSecret(webhookId: string, secret: string): Promise<void> {
    const { sealed, keyId } = this.options.sealer.seal(webhookId, secret);
    this.db
      .prepare(
        `INSERT INTO webhook_secrets (webhook_id, secret, key_id) VALUES (?, ?, ?)
         ON CONFLICT (webhook_id) DO UPDATE SET secret = excluded.secret, key_id = excluded.key_id`,
      )
      .run(webhookId, sealed, keyId);
  }

  async secretOf(webhookId: string): Promise<string | undefined> {
    const row = this.db
      .prepare('SELECT secret, key_id FROM webhook_secrets WHERE webhook_id = ?')
      .get(webhookId) as { secret: string; key_id: string | null } | undefined;
    return row && secretOfRow(this.options.sealer, webhookId, { secret: row.secret, keyId: row.key_id });
  }

  async outboxCheckpoint(): Promise<number> {
    return outboxCheckpointOf(this.db);
  }

  async activeWebhooks(): Promise<RegisteredWebhook[]> {
    const rows = this.db
      .prepare('SELECT webhook_id, url, types, position FROM webhooks WHERE removed = 0 ORDER BY position')
      .all() as { webhook_id: string; url: string; types: string | null; position: number }[];
    return rows.map((row) => ({
      webhookId: row.webhook_id,
      url: row.url,
      types: typesOfColumn(row.types),
      position: row.position,
    }));
  }

  async commitOutbox(batch: OutboxBatch): Promise<void> {
    this.db
      .transaction(() => {
        if (outboxCheckpointOf(this.db) !== batch.checkpoint.from) {
          throw new OutboxCheckpointConflictError(batch.checkpoint.from);
        }
        const register = this.db.prepare(
          'INSERT OR IGNORE INTO webhooks (webhook_id, url, types, position) VALUES (?, ?, ?, ?)',
        );
        for (const webhook of batch.registered) {
          register.run(webhook.webhookId, webhook.url, typesColumn(webhook.types), webhook.position);
        }
        const remove = this.db.prepare('UPDATE webhooks SET removed = 1 WHERE webhook_id = ?');
        for (const webhookId of batch.removed) remove.run(webhookId);
        const enqueue = this.db.prepare(
          "INSERT OR IGNORE INTO webhook_deliveries (webhook_id, position, event_id, type, status) VALUES (?, ?, ?, ?, 'pending')",
        );
        for (const delivery of batch.deliveries) {
          enqueue.run(delivery.webhookId, delivery.position, delivery.eventId, delivery.type);
        }
        this.db
          .prepare(
            'INSERT INTO webhook_outbox (id, checkpoint) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checkpoint = excluded.checkpoint',
          )
          .run(batch.checkpoint.to);
      })
      .immediate();
  }

  async exportState(): Promise<WebhookStoreState> {
    return exportSqliteWebhookState(this.db, this.options.sealer);
  }

  async importState(state: WebhookStoreState, options: { readonly replace?: boolean } = {}): Promise<void> {
    importSqliteWebhookState(this.db, this.options.sealer, state, options.replace === true);
  }

  async nextDeliveries(): Promise<Delivery[]> {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.webhook_id
         WHERE w.removed = 0 AND d.status = 'pending' AND d.position = (
           SELECT min(p.position) FROM webhook_deliveries p WHERE p.webhook_id = w.webhook_id AND p.status = 'pending')`,
      )
      .all() as DeliveryRow[];
    return rows.map(deliveryOfRow);
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_error = ?, delivered_at = ?, next_attempt_at = ?
         WHERE webhook_id = ? AND position = ?`,
      )
      .run(
        attempt.status,
        attempt.attempts,
        attempt.lastError ?? null,
        attempt.deliveredAt ?? null,
        attempt.nextAttemptAt,
        attempt.webhookId,
        attempt.position,
      );
  }

  async deliveries(webhookId: string, filter: DeliveryFilter): Promise<Delivery[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND (? IS NULL OR status = ?) AND position > ?
         ORDER BY position LIMIT ?`,
      )
      .all(
        webhookId,
        filter.status ?? null,
        filter.status ?? null,
        filter.after ?? 0,
        filter.limit,
      ) as DeliveryRow[];
    return rows.map(deliveryOfRow);
  }

  async countDeliveries(): Promise<DeliveryCount[]> {
    const rows = this.db
      .prepare(
        `SELECT d.status AS status, count(*) AS count FROM webhooks w
         JOIN webhook_deliveries d ON d.webhook_id = w.webhook_id WHERE w.removed = 0 GROUP BY d.status`,
      )
      .all() as { status: string; count: number }[];
    return everyStatus(rows);
  }

  /**
   * A lease in the file: taken when free or expired, renewed a few times per lease period,
   * lost when another process took it (this one stalled past its lease).
   */
  async acquireDispatcherLock(signal: AbortSignal): Promise<DispatcherLock> {
    const holder = randomUUID();
    const leaseMs = this.options.leaseMs ?? 10_000;
    const retryMs = this.options.lockRetryMs ?? 500;
    const take = this.db.transaction((now: number): boolean => {
      const row = this.db
        .prepare('SELECT holder, expires_at FROM webhook_dispatcher_lease WHERE id = 1')
        .get() as { holder: string; expires_at: number } | undefined;
      if (row !== undefined && row.holder !== holder && row.expires_at > now) return false;
      this.db
        .prepare(
          'INSERT INTO webhook_dispatcher_lease (id, holder, expires_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at',
        )
        .run(holder, now + leaseMs);
      return true;
    });
    while (!take.immediate(Date.now())) {
      await abortablePause(retryMs, signal);
    }
    let lose: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    const renewal = setInterval(
      () => {
        try {
          if (!take.immediate(Date.now())) {
            clearInterval(renewal);
            lose();
          }
        } catch {
          // A busy file: the next renewal tries again, well within the lease.
        }
      },
      Math.max(Math.floor(leaseMs / 3), 1),
    );
    renewal.unref();
    return {
      lost,
      release: async () => {
        clearInterval(renewal);
        this.db.prepare('DELETE FROM webhook_dispatcher_lease WHERE id = 1 AND holder = ?').run(holder);
      },
    };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
