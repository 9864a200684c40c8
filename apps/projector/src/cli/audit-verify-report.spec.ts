import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import {
  auditSigningKeyFromPem,
  createEventStore,
  createSignedHeadStore,
  HeadSigner,
  type EventStoreConfig,
  type SignedHead,
  type SignedHeadStoreConfig,
} from '@app/event-store';
import { exportLog, resolveAuditSigningKey } from '@app/runtime';
import { auditVerifyReport } from './audit-verify-report.js';

const AUTH_SECRET = 'a-secret-of-at-least-thirty-two-characters';
const metadata = { actor: { sub: 'board-officer', role: 'board' as const }, correlationId: 'c', causationId: 'c' };

/** The local development server; CI's DATABASE_URL names a server where databases may be created. */
const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

async function sql(connectionString: string, text: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Writes 10 events and signs their head, as the server would, with the key it generated in `dataDir`. */
async function serverLeftBehind(
  dataDir: string,
  storeConfig: EventStoreConfig,
  headsConfig: SignedHeadStoreConfig,
): Promise<SignedHead> {
  const key = auditSigningKeyFromPem(resolveAuditSigningKey({}, { production: false, dataDir }));
  const store = await createEventStore(storeConfig);
  const heads = await createSignedHeadStore(headsConfig);
  try {
    const events = Array.from({ length: 10 }, (_, n) => ({ id: randomUUID(), type: 'ScoreAwarded', data: { n }, metadata }));
    await store.append('cycle-k4:2017', events, { expectedRevision: 'no_stream' });
    const [head] = await new HeadSigner({ store, heads, key, now: () => new Date(), refused: () => undefined }).signNewHeads();
    return head;
  } finally {
    await Promise.all([store.close(), heads.close()]);
  }
}

describe('npm run audit:verify on PostgreSQL', () => {
  it('passes the intact log, fails its truncated tail and another key (exit 1)', async () => {
    const database = `audit_cli_${randomBytes(5).toString('hex')}`;
    await sql(SERVER, `CREATE DATABASE ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'audit-verify-pg-'));
    try {
      const databaseUrl = url.toString();
      const env = { DATA_DIR: dataDir, AUTH_SECRET, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl };
      const head = await serverLeftBehind(dataDir, { kind: 'postgres', connectionString: databaseUrl }, { kind: 'postgres', connectionString: databaseUrl });
      expect(await auditVerifyReport([], env)).toEqual({ exitCode: 0, report: { ok: true, checked: 10, head: { position: 10, hash: head.hash } } });

      const otherKey = auditSigningKeyFromPem(resolveAuditSigningKey({}, { production: false, dataDir: join(dataDir, 'other') }));
      const pem = otherKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(await auditVerifyReport([], { ...env, AUDIT_SIGNING_KEY: pem })).toMatchObject({ exitCode: 1, report: { reason: 'bad-signature' } });

      await sql(databaseUrl, 'DELETE FROM event_store.events WHERE position > 5');
      expect(await auditVerifyReport([], env)).toMatchObject({ exitCode: 1, report: { ok: false, reason: 'truncated', brokenAt: 6 } });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await sql(SERVER, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });
});

describe('npm run audit:verify', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let head: SignedHead;

  /** A data folder as the server leaves it: 10 events, one signed head, the generated key. */
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'audit-verify-'));
    env = { DATA_DIR: dataDir, AUTH_SECRET };
    head = await serverLeftBehind(dataDir, { kind: 'sqlite', dataDir }, { kind: 'sqlite', dataDir });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const saveHead = async (saved: unknown): Promise<string> => {
    const file = join(dataDir, 'saved-head.json');
    await writeFile(file, JSON.stringify(saved));
    return file;
  };

  it('passes an intact log and the saved head it still holds (exit 0)', async () => {
    const outcome = await auditVerifyReport(['--head', await saveHead(head)], env);
    expect(outcome).toEqual({ exitCode: 0, report: { ok: true, checked: 10, head: { position: 10, hash: head.hash } } });
  });

  it('fails a truncated log (exit 1)', async () => {
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.prepare('DELETE FROM events WHERE position > 5').run();
    db.close();
    expect(await auditVerifyReport([], env)).toMatchObject({ exitCode: 1, report: { ok: false, reason: 'truncated', brokenAt: 6 } });
  });

  it('fails a saved head the log does not hold, and one whose signature does not verify (exit 1)', async () => {
    expect(await auditVerifyReport(['--head', await saveHead({ ...head, position: 4 })], env)).toMatchObject({
      exitCode: 1,
      report: { ok: false, reason: 'saved-head-mismatch', brokenAt: 4 },
    });
    const forged = { ...head, recordedAt: '2017-01-01T00:00:00.000Z' };
    expect(await auditVerifyReport(['--head', await saveHead(forged)], env)).toMatchObject({
      exitCode: 1,
      report: { ok: false, reason: 'bad-signature' },
    });
  });

  it('fails the log and heads of another server, checked with this server key (exit 1)', async () => {
    const otherKey = auditSigningKeyFromPem(resolveAuditSigningKey({}, { production: false, dataDir: join(dataDir, 'other') }));
    const pem = otherKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await auditVerifyReport([], { ...env, AUDIT_SIGNING_KEY: pem })).toMatchObject({
      exitCode: 1,
      report: { ok: false, reason: 'bad-signature', brokenAt: 10 },
    });
  });

  it('checks an export file offline with --file: exit 0 when intact, 1 when edited, usage errors otherwise', async () => {
    const file = join(dataDir, 'export.ndjson');
    const key = auditSigningKeyFromPem(resolveAuditSigningKey({}, { production: false, dataDir }));
    const store = await createEventStore({ kind: 'sqlite', dataDir });
    const heads = await createSignedHeadStore({ kind: 'sqlite', dataDir });
    try {
      const out = createWriteStream(file);
      await exportLog({ store, heads, publicKey: key.publicKey, out });
      out.end();
      await finished(out);
    } finally {
      await Promise.all([store.close(), heads.close()]);
    }
    // No configuration needed: the file is checked on its own.
    expect(await auditVerifyReport(['--file', file], {})).toEqual({
      exitCode: 0,
      report: { ok: true, checked: 10, head: { position: 10, hash: head.hash }, file: { scope: { log: true }, events: 10, signedHead: 10, keyId: key.keyId } },
    });
    const keyFile = join(dataDir, 'key.pem');
    await writeFile(keyFile, key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(await auditVerifyReport(['--file', file, '--key', keyFile], {})).toMatchObject({ exitCode: 0 });

    await writeFile(file, (await readFile(file, 'utf8')).replace('"n":3', '"n":4'));
    expect(await auditVerifyReport(['--file', file], {})).toMatchObject({ exitCode: 1, report: { ok: false, reason: 'head-mismatch', brokenAt: 10 } });

    await expect(auditVerifyReport(['--file'], {})).rejects.toThrow(/usage/);
    await expect(auditVerifyReport(['--file', file, '--kee', keyFile], {})).rejects.toThrow(/usage/);
    await expect(auditVerifyReport(['--file', join(dataDir, 'absent.ndjson')], {})).rejects.toThrow(/cannot read/);
  });

  it('refuses arguments it does not know and a file that is not a saved head', async () => {
    await expect(auditVerifyReport(['--hed', 'x'], env)).rejects.toThrow(/usage/);
    await expect(auditVerifyReport(['--head', await saveHead({ position: 1 })], env)).rejects.toThrow(/not a saved/);
  });
});
