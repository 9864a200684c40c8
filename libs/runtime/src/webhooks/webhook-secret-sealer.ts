/**
 * Webhook secrets at rest. A webhook's secret must stay readable by the server (it signs every
 * delivery with HMAC-SHA256, so it cannot be kept as a hash), yet whoever reads the webhook
 * store alone (a database administrator, a dump, a copied backup of the database) must not be
 * able to sign deliveries that receivers would trust. So the stores keep each secret sealed
 * with AES-256-GCM under a key that lives outside the database (WEBHOOK_SECRETS_KEY, or the
 * file generated once into DATA_DIR outside production), bound to its webhook's id as
 * additional authenticated data: a sealed secret copied onto another webhook's row does not
 * open.
 *
 * Sealed text: base64url of a 12-byte random IV, the ciphertext and the 16-byte tag. Each row
 * also records the key's id (the first 16 hex digits of SHA-256 of the key), so that a secret
 * sealed under another key is reported as such rather than as a forgery.
 *
 * Rotation: the sealer may also hold previous keys (WEBHOOK_SECRETS_PREVIOUS_KEYS). It opens
 * what they sealed, and the stores seal such rows again under the current key when they open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { WebhookStoreState } from './webhook-store.port.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const WEBHOOK_SECRETS_KEY_BYTES = 32;

/** A sealed secret as a store keeps it. */
export interface SealedSecret {
  readonly sealed: string;
  readonly keyId: string;
}

/** A sealed secret that does not open: another key, another webhook's, or altered. */
export class WebhookSecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSecretUnreadableError';
  }
}

export class WebhookSecretSealer {
  readonly keyId: string;
  /** Every key this sealer opens with, by id: the current one and the previous ones. */
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    private readonly key: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.keyId = keyIdOf(key);
    this.keys = new Map([...previous, key].map((each) => [keyIdOf(each), each]));
  }

  /** A sealer under a fresh random key (specs, and stores that must never keep a secret in clear). */
  static random(): WebhookSecretSealer {
    return new WebhookSecretSealer(randomBytes(WEBHOOK_SECRETS_KEY_BYTES));
  }

  seal(webhookId: string, secret: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(additionalData(webhookId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      sealed: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url'),
      keyId: this.keyId,
    };
  }

  /** Whether a secret sealed under the key `keyId` is sealed under this sealer's current key. */
  isCurrent(keyId: string): boolean {
    return keyId === this.keyId;
  }

  /** Whether this sealer opens what the key `keyId` sealed (the current key or a previous one). */
  opens(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /**
   * The secret; WebhookSecretUnreadableError when it was sealed under a key this sealer does not
   * hold, or does not open.
   */
  open(webhookId: string, { sealed, keyId }: SealedSecret): string {
    const key = this.keys.get(keyId);
    if (key === undefined) {
      throw new WebhookSecretUnreadableError(
        `the secret of webhook ${webhookId} was sealed under key ${keyId}, not the configured key ${this.keyId} (WEBHOOK_SECRETS_KEY) nor a previous one (WEBHOOK_SECRETS_PREVIOUS_KEYS)`,
      );
    }
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) {
      throw new WebhookSecretUnreadableError(`the sealed secret of webhook ${webhookId} is truncated`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(additionalData(webhookId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new WebhookSecretUnreadableError(
        `the sealed secret of webhook ${webhookId} does not open: altered, or another webhook's`,
      );
    }
  }
}

function keyIdOf(key: Buffer): string {
  if (key.length !== WEBHOOK_SECRETS_KEY_BYTES) {
    throw new RangeError(`a webhook secrets key is ${WEBHOOK_SECRETS_KEY_BYTES} bytes, not ${key.length}`);
  }
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A secret's row as a store keeps it: sealed under the key it names, or in clear (no key id). */
export interface StoredSecretRow {
  readonly secret: string;
  readonly keyId: string | null;
}

/**
 * The secret of a stored row, in clear: a row kept in clear by an earlier version (no key id;
 * still there only in a store opened without resealing) as it is, a sealed one opened.
 */
export function secretOfRow(sealer: WebhookSecretSealer, webhookId: string, row: StoredSecretRow): string {
  return row.keyId === null ? row.secret : sealer.open(webhookId, { sealed: row.secret, keyId: row.keyId });
}

/**
 * A stored secret's row as it must be written again, or undefined when it is right as it is:
 * kept in clear by an earlier version (no key id), or sealed under a previous key of `sealer`,
 * it is sealed under the current key. A row sealed under a key the sealer does not hold is left
 * as it is (its deliveries report that key).
 */
export function resealed(
  sealer: WebhookSecretSealer,
  webhookId: string,
  row: StoredSecretRow,
): SealedSecret | undefined {
  if (row.keyId !== null && (sealer.isCurrent(row.keyId) || !sealer.opens(row.keyId))) return undefined;
  return sealer.seal(webhookId, secretOfRow(sealer, webhookId, row));
}

/** A secret's row as both stores read it (their column names), opened: a state's secret. */
export function stateSecretOf(
  sealer: WebhookSecretSealer,
  row: { readonly webhook_id: string; readonly secret: string; readonly key_id: string | null },
): WebhookStoreState['secrets'][number] {
  return {
    webhookId: row.webhook_id,
    secret: secretOfRow(sealer, row.webhook_id, { secret: row.secret, keyId: row.key_id }),
  };
}

/** A state's secrets sealed under the current key, as importState writes them. */
export function sealedSecretsOf(
  sealer: WebhookSecretSealer,
  state: Pick<WebhookStoreState, 'secrets'>,
): (SealedSecret & { readonly webhookId: string })[] {
  return state.secrets.map(({ webhookId, secret }) => ({ webhookId, ...sealer.seal(webhookId, secret) }));
}

function additionalData(webhookId: string): Buffer {
  return Buffer.from(`webhook-secret:${webhookId}`, 'utf8');
}
