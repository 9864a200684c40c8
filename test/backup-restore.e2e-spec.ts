/**
 * Backup under write load and restore: 32 clients register blocs through HTTP against the real
 * API on SQLite while `backupDataDir` copies DATA_DIR; the backup is restored into a new folder,
 * its read models rebuilt, and a server started there holds every command acknowledged (201)
 * before the backup began, at the same positions with the same event ids, and verifies.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { auditSigningKeyFromPem } from '@app/event-store';
import { rebuildSqliteReadModels } from '@app/projections';
import { backupDataDir, type BackupManifest, restoreDataDir } from '@app/runtime';
import { AuditHeadSigner } from '../apps/api/src/audit/audit-head-signer.js';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';

const workerExecArgv = ['--import', new URL('./support/ts-loader.mjs', import.meta.url).href];
const CLIENTS = 32;

interface Acknowledged {
  readonly blocId: string;
  readonly position: number;
}

/** Resolves once `count` commands have been acknowledged. */
class AckCounter {
  readonly acknowledged: Acknowledged[] = [];
  private waiting: { count: number; resolve: () => void }[] = [];

  add(ack: Acknowledged): void {
    this.acknowledged.push(ack);
    this.waiting = this.waiting.filter((wait) => (this.acknowledged.length >= wait.count ? (wait.resolve(), false) : true));
  }

  reached(count: number): Promise<void> {
    if (this.acknowledged.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }
}

describe('backup under write load, then restore', () => {
  let source: E2eApp;
  let restored: E2eApp | undefined;
  let scratch: string;
  let publicKey: ReturnType<typeof auditSigningKeyFromPem>['publicKey'];

  beforeAll(async () => {
    source = await startE2eApp({ config: { rateLimitPerMinute: 0 } });
    scratch = await mkdtemp(join(tmpdir(), 'backup-e2e-'));
    publicKey = auditSigningKeyFromPem(readFileSync(join(source.dataDir, 'audit-signing-key'), 'utf8')).publicKey;
  });

  afterAll(async () => {
    await restored?.close();
    await source.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('restores every command acknowledged before the backup began, to a server whose verify is ok', async () => {
    const board = await source.token('board', 'board-officer');
    const counter = new AckCounter();
    let writing = true;
    const failures: string[] = [];
    const client = async (index: number): Promise<void> => {
      for (let n = 0; writing; n++) {
        const blocId = `tai-${index}-${n}`;
        const { status, body } = await source.api('POST', '/api/blocs', {
          token: board,
          body: { id: blocId, name: `Khối ${blocId}`, members: [{ unitId: `${blocId}-a`, name: 'Đơn vị A' }] },
        });
        if (status === 201) counter.add({ blocId, position: body.position });
        else failures.push(`${status} ${JSON.stringify(body)}`);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));

    await counter.reached(200);
    // A head signed while the log grows: the backup must carry it and still verify.
    await source.app.get(AuditHeadSigner).signNow();
    const before = [...counter.acknowledged];
    const backup = join(scratch, 'backup');
    let manifest: BackupManifest;
    try {
      manifest = await backupDataDir({ dataDir: source.dataDir, out: backup, publicKey, appVersion: 'test' });
    } finally {
      writing = false;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);

    expect(manifest.log.head.position).toBeGreaterThanOrEqual(Math.max(...before.map((ack) => ack.position)));
    expect(manifest.latestSignedHead?.position).toBeGreaterThan(0);
    expect(manifest.secrets).toEqual(['auth-secret', 'audit-signing-key', 'webhook-secrets-key'].filter((name) => manifest.files.some((file) => file.name === name)));
    expect(manifest.files.map((file) => file.name)).toEqual(expect.arrayContaining(['events.sqlite', 'audit-heads.sqlite', 'read-models.sqlite', 'api.sqlite', 'webhooks.sqlite', 'audit-signing-key', 'webhook-secrets-key']));
    expect((await stat(backup)).mode & 0o777).toBe(0o700);
    for (const file of manifest.files) expect((await stat(join(backup, file.name))).mode & 0o777).toBe(0o600);

    const dataDir = join(scratch, 'restored');
    await restoreDataDir({ from: backup, dataDir });
    await rebuildSqliteReadModels({ dataDir, workerExecArgv });
    restored = await startE2eApp({ dataDir });

    const original = new Map((await source.store.readAll()).map((event) => [event.position, event.id]));
    const copy = new Map((await restored.store.readAll()).map((event) => [event.position, event.id]));
    const lost = before.filter((ack) => copy.get(ack.position) === undefined || copy.get(ack.position) !== original.get(ack.position));
    expect(lost).toEqual([]);

    const auditor = await restored.token('auditor', 'kiem-toan');
    const { status, body } = await restored.api('GET', '/api/audit/verify', { token: auditor });
    expect({ status, ok: body.ok, head: body.head }).toEqual({ status: 200, ok: true, head: manifest.log.head });
    // The read models were rebuilt: the last bloc acknowledged before the backup reads back.
    const last = before[before.length - 1];
    const bloc = await restored.api('GET', `/api/blocs/${last.blocId}`, { token: auditor });
    expect({ status: bloc.status, id: bloc.body.id }).toEqual({ status: 200, id: last.blocId });
  });

  it('refuses a non-empty DATA_DIR without force, and a backup whose file was altered', async () => {
    const backup = join(scratch, 'backup');
    const occupied = join(scratch, 'occupied');
    await restoreDataDir({ from: backup, dataDir: occupied, force: true });
    await expect(restoreDataDir({ from: backup, dataDir: occupied })).rejects.toThrow(/not empty.*--force/);
    await expect(restoreDataDir({ from: backup, dataDir: occupied, force: true })).resolves.toMatchObject({ format: 'emulation-blocs-backup' });

    const db = new Database(join(backup, 'events.sqlite'));
    db.prepare("UPDATE events SET data = replace(data, 'Khối', 'Khoi') WHERE position = 3").run();
    db.close();
    const elsewhere = join(scratch, 'elsewhere');
    await expect(restoreDataDir({ from: backup, dataDir: elsewhere })).rejects.toThrow(/events.sqlite .* does not match its SHA-256/);
    await expect(readdir(elsewhere)).rejects.toThrow(/ENOENT/);
  });

  it('refuses to back up into a non-empty folder, and leaves no backup of a log that does not verify', async () => {
    const occupied = join(scratch, 'not-empty');
    await rm(occupied, { recursive: true, force: true });
    await backupDataDir({ dataDir: source.dataDir, out: occupied, publicKey });
    await expect(backupDataDir({ dataDir: source.dataDir, out: occupied, publicKey })).rejects.toThrow(/not empty/);

    const db = new Database(join(source.dataDir, 'events.sqlite'));
    db.prepare("UPDATE events SET data = replace(data, 'Khối', 'Khoi') WHERE position = 5").run();
    db.close();
    const broken = join(scratch, 'broken');
    await expect(backupDataDir({ dataDir: source.dataDir, out: broken, publicKey })).rejects.toThrow(/does not verify: altered at position 5/);
    await expect(readdir(broken)).rejects.toThrow(/ENOENT/);
  });
});
