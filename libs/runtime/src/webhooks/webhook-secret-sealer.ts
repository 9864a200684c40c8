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
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

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

  constructor(private readonly key: Buffer) {
    if (key.length !== WEBHOOK_SECRETS_KEY_BYTES) {
      throw new RangeError(`a webhook secrets key is ${WEBHOOK_SECRETS_KEY_BYTES} bytes, not ${key.length}`);
    }
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
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

  /** The secret; WebhookSecretUnreadableError when it was sealed under another key or does not open. */
  open(webhookId: string, { sealed, keyId }: SealedSecret): string {
    if (keyId !== this.keyId) {
      throw new WebhookSecretUnreadableError(
        `the secret of webhook ${webhookId} was sealed under key ${keyId}, not the configured key ${this.keyId} (WEBHOOK_SECRETS_KEY)`,
      );
    }
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) {
      throw new WebhookSecretUnreadableError(`the sealed secret of webhook ${webhookId} is truncated`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
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

function additionalData(webhookId: string): Buffer {
  return Buffer.from(`webhook-secret:${webhookId}`, 'utf8');
}
