import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { SqliteWebhookStore } from './sqlite-webhook-store.js';
import { describeWebhookStoreContract, type RawSecretRow } from './testing/webhook-store.contract.js';
import { WebhookSecretSealer } from './webhook-secret-sealer.js';

/** The secrets' table read or written directly, as another process (or an earlier version) would. */
function rawTable(file: string) {
  const withDb = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(file, { timeout: 5_000 });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    rawSecrets: async (): Promise<RawSecretRow[]> =>
      withDb((db) =>
        db
          .prepare(
            'SELECT webhook_id AS webhookId, secret, key_id AS keyId FROM webhook_secrets ORDER BY webhook_id',
          )
          .all(),
      ) as RawSecretRow[],
    writeRawSecret: async ({ webhookId, secret, keyId }: RawSecretRow): Promise<void> => {
      withDb((db) =>
        db
          .prepare(
            `INSERT INTO webhook_secrets (webhook_id, secret, key_id) VALUES (?, ?, ?)
             ON CONFLICT (webhook_id) DO UPDATE SET secret = excluded.secret, key_id = excluded.key_id`,
          )
          .run(webhookId, secret, keyId),
      );
    },
  };
}

describeWebhookStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-store-'));
  const file = join(dir, 'webhooks.sqlite');
  return {
    open: async (sealer) => SqliteWebhookStore.open({ file, sealer, lockRetryMs: 5 }),
    ...rawTable(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteWebhookStore file', () => {
  it('is readable and writable by its owner only: it holds the secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-store-'));
    const store = SqliteWebhookStore.inDataDir(dir, WebhookSecretSealer.random());
    await store.saveSecret('w1', 'secret-one-0123456789');
    expect(statSync(join(dir, 'webhooks.sqlite')).mode & 0o777).toBe(0o600);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals the secrets of a file written before secrets were sealed (no key_id column)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-store-'));
    const file = join(dir, 'webhooks.sqlite');
    const old = new Database(file);
    old.exec(
      'CREATE TABLE webhook_secrets (webhook_id TEXT PRIMARY KEY, secret TEXT NOT NULL) WITHOUT ROWID',
    );
    old.prepare('INSERT INTO webhook_secrets VALUES (?, ?)').run('w1', 'kept-in-clear-0123456789');
    old.close();
    const sealer = WebhookSecretSealer.random();
    const store = SqliteWebhookStore.open({ file, sealer });
    const [row] = await rawTable(file).rawSecrets();
    expect(row).toEqual({ webhookId: 'w1', secret: expect.any(String), keyId: sealer.keyId });
    expect(row!.secret).not.toContain('kept-in-clear');
    expect(await store.secretOf('w1')).toBe('kept-in-clear-0123456789');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
