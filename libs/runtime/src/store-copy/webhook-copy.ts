/**
 * store:copy's second part: the webhook store, which the log does not hold (its secrets, its
 * outbox's checkpoint, every webhook and delivery as they stand), copied once the log is. Without
 * it the target's dispatcher would read the log from its start and fail every delivery of the
 * webhooks registered before the switch (no secret kept).
 *
 * Keys: the secrets are opened with the source's key and sealed again with the target's.
 * - A SQLite end's key is WEBHOOK_SECRETS_KEY when set, else the key file of its data folder
 *   (generated for a target); a source's key file, when WEBHOOK_SECRETS_KEY is set too, is kept
 *   as a previous key, so a development folder moves to a deployment's key.
 * - A PostgreSQL end's key is WEBHOOK_SECRETS_KEY, required.
 * WEBHOOK_SECRETS_PREVIOUS_KEYS open older secrets at either end. The source is opened without
 * resealing anything: it is only read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  type Environment,
  parseWebhookSecretsPreviousKeys,
  resolveWebhookSecretsKey,
  WEBHOOK_SECRETS_KEY_FILE,
} from '../config/app.config.js';
import { PostgresWebhookStore } from '../webhooks/postgres-webhook-store.js';
import { SqliteWebhookStore, WEBHOOKS_FILE } from '../webhooks/sqlite-webhook-store.js';
import { WEBHOOK_SECRETS_KEY_BYTES, WebhookSecretSealer } from '../webhooks/webhook-secret-sealer.js';
import type { WebhookStore, WebhookStoreState } from '../webhooks/webhook-store.port.js';
import type { StoreEndpoint } from './store-endpoint.js';

export interface WebhookCopyReport {
  readonly webhooks: number;
  readonly secrets: number;
  readonly deliveries: number;
  readonly checkpoint: number;
  /** The target held this very state already (a copy run again): nothing was written. */
  readonly alreadyCopied: boolean;
  /** The target held an earlier copy (made while the source still ran), replaced by this one. */
  readonly replacedEarlierCopy: boolean;
}

/** Copies the source's webhook store into the target's, which must be empty or hold the same. */
export async function copyWebhooks(options: {
  readonly from: StoreEndpoint;
  readonly to: StoreEndpoint;
  readonly env: Environment;
}): Promise<WebhookCopyReport> {
  const { from, to, env } = options;
  // A SQLite source that never had a webhook has nothing to copy (and is not to be written to).
  if (from.kind === 'sqlite' && !existsSync(join(from.dataDir, WEBHOOKS_FILE))) {
    return {
      webhooks: 0,
      secrets: 0,
      deliveries: 0,
      checkpoint: 0,
      alreadyCopied: false,
      replacedEarlierCopy: false,
    };
  }
  const source = await openWebhooks(from, 'source', env);
  try {
    const state = await source.exportState();
    const target = await openWebhooks(to, 'target', env);
    try {
      const report = {
        webhooks: state.webhooks.length,
        secrets: state.secrets.length,
        deliveries: state.deliveries.length,
        checkpoint: state.checkpoint,
      };
      const held = await target.exportState();
      // Both adapters build the state's objects with their keys in one order: the JSON compares.
      if (JSON.stringify(held) === JSON.stringify(state))
        return { ...report, alreadyCopied: true, replacedEarlierCopy: false };
      const replace = isEarlierCopy(held, state);
      await target.importState(state, { replace });
      return { ...report, alreadyCopied: false, replacedEarlierCopy: replace };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/**
 * Whether the target holds what an earlier run of the copy left (store:copy may run while the
 * API still writes, then again once it is stopped): something, its outbox not past the source's,
 * and no webhook the source does not have. Anything else (a target the dispatcher fed further,
 * another deployment's webhooks) is refused by importState as not empty.
 */
function isEarlierCopy(held: WebhookStoreState, state: WebhookStoreState): boolean {
  const empty =
    held.checkpoint === 0 &&
    held.webhooks.length === 0 &&
    held.secrets.length === 0 &&
    held.deliveries.length === 0;
  const known = new Set(state.webhooks.map((webhook) => webhook.webhookId));
  return (
    !empty &&
    held.checkpoint <= state.checkpoint &&
    held.webhooks.every((webhook) => known.has(webhook.webhookId))
  );
}

/** An end's webhook store with its sealer (see above); a source is opened without resealing. */
async function openWebhooks(
  endpoint: StoreEndpoint,
  role: 'source' | 'target',
  env: Environment,
): Promise<WebhookStore> {
  const previous = parseWebhookSecretsPreviousKeys(env.WEBHOOK_SECRETS_PREVIOUS_KEYS).map(bytesOf);
  const configured = env.WEBHOOK_SECRETS_KEY?.trim()
    ? { WEBHOOK_SECRETS_KEY: env.WEBHOOK_SECRETS_KEY }
    : undefined;
  const resealOnOpen = role === 'target';
  if (endpoint.kind === 'sqlite') {
    const keyFile = join(endpoint.dataDir, WEBHOOK_SECRETS_KEY_FILE);
    // A source's own key file (never created here); a target's is made when it has none.
    const fileKey = existsSync(keyFile)
      ? bytesOf(
          resolveWebhookSecretsKey(
            { WEBHOOK_SECRETS_KEY: readFileSync(keyFile, 'utf8').trim() },
            { production: false, dataDir: endpoint.dataDir },
          ),
        )
      : undefined;
    let sealer: WebhookSecretSealer;
    if (configured !== undefined) {
      const key = bytesOf(
        resolveWebhookSecretsKey(configured, { production: false, dataDir: endpoint.dataDir }),
      );
      sealer = new WebhookSecretSealer(
        key,
        role === 'source' && fileKey !== undefined ? [...previous, fileKey] : previous,
      );
    } else if (role === 'target' || fileKey !== undefined) {
      sealer = new WebhookSecretSealer(
        fileKey ?? bytesOf(resolveWebhookSecretsKey({}, { production: false, dataDir: endpoint.dataDir })),
        previous,
      );
    } else {
      // No key for this source: its secrets kept in clear copy as they are; a sealed one fails, naming its key.
      sealer = new WebhookSecretSealer(randomBytes(WEBHOOK_SECRETS_KEY_BYTES), previous);
    }
    return SqliteWebhookStore.open({ file: join(endpoint.dataDir, WEBHOOKS_FILE), sealer, resealOnOpen });
  }
  if (configured === undefined) {
    throw new ConfigError(`a PostgreSQL ${role} needs WEBHOOK_SECRETS_KEY, the key of its webhooks' secrets`);
  }
  const key = bytesOf(resolveWebhookSecretsKey(configured, { production: true, dataDir: '' }));
  return PostgresWebhookStore.open({
    connectionString: endpoint.connectionString,
    sealer: new WebhookSecretSealer(key, previous),
    resealOnOpen,
  });
}

function bytesOf(base64url: string): Buffer {
  return Buffer.from(base64url, 'base64url');
}
