/**
 * The PostgreSQL webhook store's whole state, out and in (WebhookStore.exportState and
 * importState, which store:copy and the backups use): the store (postgres-webhook-store.ts)
 * serves the dispatcher, this moves everything at once.
 */
import type pg from 'pg';
import { type DeliveryRow, deliveryOfRow, typesColumn } from './delivery-rows.js';
import { type Delivery, WebhookStoreNotEmptyError, type WebhookStoreState } from './webhook-store.port.js';
import { sealedSecretsOf, stateSecretOf, type WebhookSecretSealer } from './webhook-secret-sealer.js';
import { inPoolTransaction } from '../postgres/pool-transaction.js';

/** Every webhook, secret (opened) and delivery, and the checkpoint, from one snapshot. */
export async function exportPostgresWebhookState(
  pool: pg.Pool,
  schema: string,
  sealer: WebhookSecretSealer,
): Promise<WebhookStoreState> {
  // One snapshot for the four reads.
  return inPoolTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
    const checkpoint = await client.query<{ checkpoint: string }>(
      `SELECT checkpoint FROM ${schema}.webhook_outbox WHERE id = 1`,
    );
    const webhooks = await client.query<{
      webhook_id: string;
      url: string;
      types: string[] | null;
      position: string;
      removed: boolean;
    }>(
      `SELECT webhook_id, url, types, position, removed FROM ${schema}.webhooks
       ORDER BY position, webhook_id COLLATE "C"`,
    );
    const secrets = await client.query<{ webhook_id: string; secret: string; key_id: string | null }>(
      `SELECT webhook_id, secret, key_id FROM ${schema}.webhook_secrets ORDER BY webhook_id COLLATE "C"`,
    );
    const deliveries = await client.query<DeliveryRow>(
      `SELECT * FROM ${schema}.webhook_deliveries ORDER BY webhook_id COLLATE "C", position`,
    );
    return {
      checkpoint: checkpoint.rows[0] === undefined ? 0 : Number(checkpoint.rows[0].checkpoint),
      webhooks: webhooks.rows.map((row) => ({
        webhookId: row.webhook_id,
        url: row.url,
        types: row.types,
        position: Number(row.position),
        removed: row.removed,
      })),
      secrets: secrets.rows.map((row) => stateSecretOf(sealer, row)),
      deliveries: deliveries.rows.map(deliveryOfRow),
    };
  });
}

/**
 * Writes `state` into an empty store in one transaction (secrets sealed under the current key);
 * with `replace`, empties the store first. Throws WebhookStoreNotEmptyError, having written
 * nothing, when the store holds anything.
 */
export async function importPostgresWebhookState(
  pool: pg.Pool,
  schema: string,
  sealer: WebhookSecretSealer,
  state: WebhookStoreState,
  replace: boolean,
): Promise<void> {
  const sealed = sealedSecretsOf(sealer, state);
  await inPoolTransaction(pool, 'BEGIN', async (client) => {
    // As a feeder would: the outbox row locked first (or, in an empty store, the table).
    await client.query(`LOCK TABLE ${schema}.webhook_outbox IN EXCLUSIVE MODE`);
    if (replace) {
      await client.query(
        `DELETE FROM ${schema}.webhooks; DELETE FROM ${schema}.webhook_secrets;
         DELETE FROM ${schema}.webhook_deliveries; DELETE FROM ${schema}.webhook_outbox;`,
      );
    }
    const { rows } = await client.query<{ held: string; checkpoint: string | null }>(
      `SELECT (SELECT count(*) FROM ${schema}.webhooks) + (SELECT count(*) FROM ${schema}.webhook_secrets)
            + (SELECT count(*) FROM ${schema}.webhook_deliveries) AS held,
              (SELECT checkpoint FROM ${schema}.webhook_outbox WHERE id = 1) AS checkpoint`,
    );
    const held = Number(rows[0]!.held);
    const checkpoint = Number(rows[0]!.checkpoint ?? 0);
    if (held > 0 || checkpoint > 0)
      throw new WebhookStoreNotEmptyError(`${held} rows, checkpoint ${checkpoint}`);
    for (const each of state.webhooks) {
      await client.query(
        `INSERT INTO ${schema}.webhooks (webhook_id, url, types, position, removed) VALUES ($1, $2, $3, $4, $5)`,
        [each.webhookId, each.url, typesColumn(each.types), each.position, each.removed],
      );
    }
    for (const each of sealed) {
      await client.query(
        `INSERT INTO ${schema}.webhook_secrets (webhook_id, secret, key_id) VALUES ($1, $2, $3)`,
        [each.webhookId, each.sealed, each.keyId],
      );
    }
    if (state.deliveries.length > 0) {
      const column = <T>(pick: (delivery: Delivery) => T): T[] => state.deliveries.map(pick);
      await client.query(
        `INSERT INTO ${schema}.webhook_deliveries
           (webhook_id, position, event_id, type, status, attempts, last_error, delivered_at, next_attempt_at)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::integer[],
                              $7::text[], $8::text[], $9::bigint[])`,
        [
          column((d) => d.webhookId),
          column((d) => d.position),
          column((d) => d.eventId),
          column((d) => d.type),
          column((d) => d.status),
          column((d) => d.attempts),
          column((d) => d.lastError ?? null),
          column((d) => d.deliveredAt ?? null),
          column((d) => d.nextAttemptAt),
        ],
      );
    }
    await client.query(`INSERT INTO ${schema}.webhook_outbox (id, checkpoint) VALUES (1, $1)`, [
      state.checkpoint,
    ]);
  });
}
