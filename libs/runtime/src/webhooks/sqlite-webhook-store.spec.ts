import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SqliteWebhookStore } from './sqlite-webhook-store.js';
import { describeWebhookStoreContract } from './testing/webhook-store.contract.js';

describeWebhookStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-store-'));
  return {
    open: async () => SqliteWebhookStore.open({ file: join(dir, 'webhooks.sqlite'), lockRetryMs: 5 }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteWebhookStore file', () => {
  it('is readable and writable by its owner only: it holds the secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-store-'));
    const store = SqliteWebhookStore.inDataDir(dir);
    await store.saveSecret('w1', 'secret-one-0123456789');
    expect(statSync(join(dir, 'webhooks.sqlite')).mode & 0o777).toBe(0o600);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
