/**
 * The SQLite webhook store's whole state, out and in (WebhookStore.exportState and importState,
 * which store:copy and the backups use), and the outbox's checkpoint: the store
 * (sqlite-webhook-store.ts) serves the dispatcher, this moves everything at once.
 */
import type Database from 'better-sqlite3';
import { type DeliveryRow, deliveryOfRow, typesColumn, typesOfColumn } from './delivery-rows.js';
import { WebhookStoreNotEmptyError, type WebhookStoreState } from './webhook-store.port.js';
import { sealedSecretsOf, stateSecretOf, type WebhookSecretSealer } from './webhook-secret-sealer.js';

/** The log position the outbox has fed through; 0 before its first batch. */
export function outboxCheckpointOf(db: Database.Database): number {
  const row = db.prepare('SELECT checkpoint FROM webhook_outbox WHERE id = 1').get() as
    { checkpoint: number } | undefined;
  return row?.checkpoint ?? 0;
}

/** Every webhook, secret (opened) and delivery, and the checkpoint, from one snapshot. */
export function exportSqliteWebhookState(
  db: Database.Database,
  sealer: WebhookSecretSealer,
): WebhookStoreState {
  // One read transaction for the four reads: another process's commit cannot land between them.
  const read = db.transaction(() => ({
    checkpoint: outboxCheckpointOf(db),
    webhooks: db
      .prepare('SELECT webhook_id, url, types, position, removed FROM webhooks ORDER BY position, webhook_id')
      .all() as {
      webhook_id: string;
      url: string;
      types: string | null;
      position: number;
      removed: number;
    }[],
    secrets: db
      .prepare('SELECT webhook_id, secret, key_id FROM webhook_secrets ORDER BY webhook_id')
      .all() as { webhook_id: string; secret: string; key_id: string | null }[],
    deliveries: db
      .prepare('SELECT * FROM webhook_deliveries ORDER BY webhook_id, position')
      .all() as DeliveryRow[],
  }));
  const { checkpoint, webhooks, secrets, deliveries } = read();
  return {
    checkpoint,
    webhooks: webhooks.map((row) => ({
      webhookId: row.webhook_id,
      url: row.url,
      types: typesOfColumn(row.types),
      position: row.position,
      removed: row.removed !== 0,
    })),
    secrets: secrets.map((row) => stateSecretOf(sealer, row)),
    deliveries: deliveries.map(deliveryOfRow),
  };
}

/**
 * Writes `state` into an empty store in one transaction (secrets sealed under the current key);
 * with `replace`, empties the store first. Throws WebhookStoreNotEmptyError, having written
 * nothing, when the store holds anything.
 */
export function importSqliteWebhookState(
  db: Database.Database,
  sealer: WebhookSecretSealer,
  state: WebhookStoreState,
  replace: boolean,
): void {
  const sealed = sealedSecretsOf(sealer, state);
  db.transaction(() => {
    if (replace) {
      db.exec(
        'DELETE FROM webhooks; DELETE FROM webhook_secrets; DELETE FROM webhook_deliveries; DELETE FROM webhook_outbox;',
      );
    }
    const held = db
      .prepare(
        `SELECT (SELECT count(*) FROM webhooks) + (SELECT count(*) FROM webhook_secrets)
              + (SELECT count(*) FROM webhook_deliveries) AS rows`,
      )
      .pluck()
      .get() as number;
    const checkpoint = outboxCheckpointOf(db);
    if (held > 0 || checkpoint > 0)
      throw new WebhookStoreNotEmptyError(`${held} rows, checkpoint ${checkpoint}`);
    const webhook = db.prepare(
      'INSERT INTO webhooks (webhook_id, url, types, position, removed) VALUES (?, ?, ?, ?, ?)',
    );
    for (const each of state.webhooks) {
      webhook.run(each.webhookId, each.url, typesColumn(each.types), each.position, each.removed ? 1 : 0);
    }
    const secret = db.prepare('INSERT INTO webhook_secrets (webhook_id, secret, key_id) VALUES (?, ?, ?)');
    for (const each of sealed) secret.run(each.webhookId, each.sealed, each.keyId);
    const delivery = db.prepare(
      `INSERT INTO webhook_deliveries
         (webhook_id, position, event_id, type, status, attempts, last_error, delivered_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const each of state.deliveries) {
      delivery.run(
        each.webhookId,
        each.position,
        each.eventId,
        each.type,
        each.status,
        each.attempts,
        each.lastError ?? null,
        each.deliveredAt ?? null,
        each.nextAttemptAt,
      );
    }
    db.prepare('INSERT INTO webhook_outbox (id, checkpoint) VALUES (1, ?)').run(state.checkpoint);
  }).immediate();
}
