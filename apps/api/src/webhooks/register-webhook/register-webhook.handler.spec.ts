import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { type AppConfig, type HostResolver, SqliteWebhookStore, WebhookSecretSealer } from '@app/runtime';
import { ApiError } from '../../http/api.error.js';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { RegisterWebhookCommand } from './register-webhook.command.js';
import { RegisterWebhookHandler } from './register-webhook.handler.js';

const SECRET = 'a-webhook-secret-of-32-characters-at-least';

describe('RegisterWebhookHandler', () => {
  let side: ReferenceWriteSide;
  let store: SqliteWebhookStore;
  let dir: string;
  let resolved: Record<string, string[]>;
  const resolve: HostResolver = async (host) => {
    const addresses = resolved[host];
    if (addresses === undefined) throw new Error(`ENOTFOUND ${host}`);
    return addresses;
  };

  beforeEach(async () => {
    side = await referenceWriteSide();
    dir = mkdtempSync(join(tmpdir(), 'register-webhook-'));
    store = SqliteWebhookStore.inDataDir(dir, WebhookSecretSealer.random());
    resolved = { 'hooks.example.vn': ['203.113.131.1'], 'rebind.example.vn': ['203.113.131.2', '10.0.0.7'] };
  });
  afterEach(async () => {
    await store.close();
    await side.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const handler = (config: Partial<AppConfig>) =>
    new RegisterWebhookHandler(side.streams, store, { production: false, ...config } as AppConfig, resolve);
  const register = (url: string, config: Partial<AppConfig> = {}, actor = boardOfficer) => {
    const origin = by(actor);
    return {
      origin,
      result: handler(config).execute(new RegisterWebhookCommand(url, ['ScoreAwarded'], SECRET, origin)),
    };
  };

  it('keeps the secret apart and writes WebhookRegistered without it, the command id naming the webhook', async () => {
    let id = '';
    const written = await side.written(async () => {
      const { origin, result } = register('https://hooks.example.vn/thi-dua');
      id = (await result).id;
      expect(id).toBe(origin.causationId);
    });
    expect(written).toEqual([
      {
        streamId: `webhook-${id}`,
        type: 'WebhookRegistered',
        data: { webhookId: id, url: 'https://hooks.example.vn/thi-dua', types: ['ScoreAwarded'] },
      },
    ]);
    expect(JSON.stringify(await side.store.readAll())).not.toContain(SECRET);
    expect(await store.secretOf(id)).toBe(SECRET);
  });

  it('outside production accepts a loopback receiver (local development)', async () => {
    await expect(register('http://127.0.0.1:9000/hook').result).resolves.toMatchObject({
      events: ['WebhookRegistered'],
    });
  });

  describe('in production', () => {
    it.each([
      'http://127.0.0.1:9000/hook',
      'http://[::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'https://rebind.example.vn/hook',
      'https://unknown.example.vn/hook',
    ])('refuses %s with 422 WEBHOOK_URL_REFUSED, keeping and writing nothing', async (url) => {
      const { origin, result } = register(url, { production: true });
      const refusal = await result.catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ApiError);
      expect(refusal).toMatchObject({ statusCode: 422, code: 'WEBHOOK_URL_REFUSED' });
      expect(await side.store.headPosition()).toBe(0);
      expect(await store.secretOf(origin.causationId)).toBeUndefined();
    });

    it('accepts a public receiver', async () => {
      await expect(
        register('https://hooks.example.vn/thi-dua', { production: true }).result,
      ).resolves.toMatchObject({
        events: ['WebhookRegistered'],
      });
    });

    it('accepts a private receiver with WEBHOOK_ALLOW_PRIVATE=on', async () => {
      await expect(
        register('http://10.1.2.3/hook', { production: true, webhookAllowPrivate: true }).result,
      ).resolves.toMatchObject({ events: ['WebhookRegistered'] });
    });
  });

  it('refuses a unit officer before looking anything up or keeping the secret', async () => {
    const { origin, result } = register('https://hooks.example.vn/thi-dua', {}, officerOf('so-tai-chinh'));
    expect(await side.refused(() => result)).toEqual({ code: 'FORBIDDEN', written: [] });
    expect(await store.secretOf(origin.causationId)).toBeUndefined();
  });
});
