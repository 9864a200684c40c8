import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { webhookSecretSealerOf } from '../webhooks/webhook-dispatch.module.js';
import { WebhookSecretSealer, WebhookSecretUnreadableError } from '../webhooks/webhook-secret-sealer.js';
import {
  ConfigError,
  loadConfig,
  parseWebhookSecretsPreviousKeys,
  resolveWebhookSecretsKey,
} from './app.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('the webhook secrets key', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-webhook-key-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('outside production is generated once into DATA_DIR (32 random bytes), readable by its owner only, and reused', () => {
    const first = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).webhookSecretsKey!;
    const file = join(dataDir, 'webhook-secrets-key');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(resolveWebhookSecretsKey({}, { production: false, dataDir })).toBe(first);
    // A configuration built without it (the e2e apps') reads the same file.
    const sealer = webhookSecretSealerOf({
      port: 0,
      dataDir,
      eventStore: 'sqlite',
      authSecret: SECRET,
      projections: 'on',
      production: false,
    });
    expect(sealer.keyId).toBe(new WebhookSecretSealer(Buffer.from(first, 'base64url')).keyId);
  });

  it('is WEBHOOK_SECRETS_KEY when set, in base64 or base64url, and then no file is written', () => {
    const key = randomBytes(32);
    for (const text of [key.toString('base64'), key.toString('base64url')]) {
      expect(resolveWebhookSecretsKey({ WEBHOOK_SECRETS_KEY: text }, { production: true, dataDir })).toBe(
        key.toString('base64url'),
      );
    }
    expect(() => statSync(join(dataDir, 'webhook-secrets-key'))).toThrow();
  });

  it('is required in production, where none is ever generated', () => {
    expect(() => resolveWebhookSecretsKey({}, { production: true, dataDir })).toThrow(/WEBHOOK_SECRETS_KEY/);
    expect(() => statSync(join(dataDir, 'webhook-secrets-key'))).toThrow();
  });

  it('reads the previous keys, comma-separated, and refuses one that is not 32 bytes', () => {
    const [one, two] = [randomBytes(32), randomBytes(32)];
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        AUTH_SECRET: SECRET,
        WEBHOOK_SECRETS_PREVIOUS_KEYS: `${one.toString('base64')}, ${two.toString('base64url')}`,
      }).webhookSecretsPreviousKeys,
    ).toEqual([one.toString('base64url'), two.toString('base64url')]);
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).webhookSecretsPreviousKeys).toEqual([]);
    // The sealer made from the configuration opens what the previous keys sealed.
    const sealed = new WebhookSecretSealer(one).seal('w1', 'secret-one-0123456789');
    const config = loadConfig({
      DATA_DIR: dataDir,
      AUTH_SECRET: SECRET,
      WEBHOOK_SECRETS_PREVIOUS_KEYS: one.toString('base64'),
    });
    expect(webhookSecretSealerOf(config).open('w1', sealed)).toBe('secret-one-0123456789');
    expect(() =>
      parseWebhookSecretsPreviousKeys(`${one.toString('base64')},${randomBytes(16).toString('base64')}`),
    ).toThrow(/WEBHOOK_SECRETS_PREVIOUS_KEYS \(key 2\)/);
  });

  it('refuses what is not 32 bytes', () => {
    for (const text of [
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64url'),
      'not a key at all, not even base64 text!!!!!!',
    ]) {
      expect(() =>
        resolveWebhookSecretsKey({ WEBHOOK_SECRETS_KEY: text }, { production: true, dataDir }),
      ).toThrow(ConfigError);
    }
  });
});

describe('WebhookSecretSealer', () => {
  const sealer = WebhookSecretSealer.random();

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const secret = 'khoá-bí-mật-0123456789-abcdefghijklmnop';
    const first = sealer.seal('w1', secret);
    const second = sealer.seal('w1', secret);
    expect(first.sealed).not.toBe(second.sealed);
    expect(first.keyId).toBe(sealer.keyId);
    expect(sealer.open('w1', first)).toBe(secret);
    expect(sealer.open('w1', second)).toBe(secret);
  });

  it("refuses another webhook's sealed secret, an altered or truncated one, and one sealed under another key", () => {
    const sealed = sealer.seal('w1', 'secret-one-0123456789');
    expect(() => sealer.open('w2', sealed)).toThrow(WebhookSecretUnreadableError);
    const bytes = Buffer.from(sealed.sealed, 'base64url');
    for (let at = 0; at < bytes.length; at++) {
      const altered = Buffer.from(bytes);
      altered[at]! ^= 0x80;
      expect(() => sealer.open('w1', { ...sealed, sealed: altered.toString('base64url') })).toThrow(
        /does not open/,
      );
    }
    expect(() =>
      sealer.open('w1', { ...sealed, sealed: bytes.subarray(0, 20).toString('base64url') }),
    ).toThrow(/truncated/);
    const other = WebhookSecretSealer.random();
    expect(() => other.open('w1', sealed)).toThrow(`sealed under key ${sealer.keyId}`);
  });

  it('takes 32-byte keys only', () => {
    expect(() => new WebhookSecretSealer(randomBytes(16))).toThrow(RangeError);
    expect(() => new WebhookSecretSealer(randomBytes(32), [randomBytes(31)])).toThrow(RangeError);
  });

  it('opens what a previous key sealed, and seals under the current one', () => {
    const old = randomBytes(32);
    const sealed = new WebhookSecretSealer(old).seal('w1', 'secret-one-0123456789');
    const rotated = new WebhookSecretSealer(randomBytes(32), [old]);
    expect(rotated.open('w1', sealed)).toBe('secret-one-0123456789');
    expect(rotated.isCurrent(sealed.keyId)).toBe(false);
    expect(rotated.opens(sealed.keyId)).toBe(true);
    expect(rotated.seal('w1', 'x'.repeat(32)).keyId).toBe(rotated.keyId);
  });
});
