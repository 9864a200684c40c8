/**
 * Moving a log between stores, end to end: the reference case played through the API on SQLite
 * and copied to PostgreSQL answers the same ranking, leadership and audit queries from an API
 * started on the copy; a 100,000-event log goes from SQLite to PostgreSQL (interrupted once and
 * resumed) and back with identical heads and signed heads.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readReferenceCase } from '@app/domain/testing';
import {
  auditSigningKeyFromPem,
  createSignedHeadStore,
  HeadSigner,
  SqliteEventStore,
} from '@app/event-store';
import {
  copyIdempotencyRecords,
  copyStore,
  copyWebhooks,
  openEndpoint,
  PostgresWebhookStore,
  SqliteWebhookStore,
  type StoreEndpoint,
  WebhookSecretSealer,
} from '@app/runtime';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { AuditHeadSigner } from '../apps/api/src/audit/audit-head-signer.js';
import { generateLog, blocsFor } from '../bench/generate-log.js';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';

/** The local development server; CI's DATABASE_URL names a server where databases may be created. */
const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database on the server, dropped by the returned function. */
async function freshDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `${label}_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) };
}

describe('the reference case copied from SQLite to PostgreSQL (e2e)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let original: E2eApp | undefined;
  let copy: E2eApp | undefined;
  let back: E2eApp | undefined;
  const reference = readReferenceCase();
  const bloc = `/api/blocs/${reference.bloc.id}`;
  const queries = [
    `${bloc}/cycles/${reference.cycle.year}/ranking`,
    `${bloc}/cycles/${reference.cycle.year}/standings`,
    `${bloc}/leadership`,
    `${bloc}/leadership/${reference.cycle.year + 1}`,
    `/api/audit?blocId=${reference.bloc.id}&limit=500`,
    `/api/audit?type=ScoreAwarded&limit=50`,
  ];

  beforeAll(async () => {
    database = await freshDatabase('copy_e2e');
  });

  afterAll(async () => {
    await back?.close();
    await copy?.close();
    await original?.close();
    await database.drop();
  });

  it('answers the same ranking, leadership and audit queries on the copy and on its copy back, and verifies with the same head', async () => {
    original = await startE2eApp();
    // A webhook registered before the reference case (its receiver down: its deliveries stay pending).
    const board = await original.token('board', 'board-officer');
    const hookSecret = randomBytes(32).toString('base64url');
    const registered = await original.api('POST', '/api/webhooks', {
      token: board,
      body: { url: 'http://127.0.0.1:9/hook', types: ['ScoreAwarded'], secret: hookSecret },
    });
    expect(registered.status).toBe(201);
    const webhookId = (registered.body as { id: string }).id;
    await playSteps(
      reference,
      referenceCaseSteps(reference),
      httpCommandSender(original.url, original.config.authSecret),
    );
    // A command sent with an Idempotency-Key: its first answer is what a retry gets, after the switch too.
    const keyed = (body: object, app: E2eApp) =>
      app.api('POST', '/api/blocs', {
        token: board,
        headers: { 'idempotency-key': 'register-keyed-1' },
        body,
      });
    const keyedBloc = {
      id: 'keyed-bloc',
      name: 'Khối có khoá',
      members: [{ unitId: 'so-keyed', name: 'Sở Khoá' }],
    };
    const firstAnswer = await keyed(keyedBloc, original);
    expect(firstAnswer.status).toBe(201);
    await original.app.get(AuditHeadSigner).signNow();
    const auditor = await original.token('auditor', 'inspector');
    const answers = async (app: E2eApp) =>
      Promise.all(
        [...queries, '/api/audit/verify', '/api/audit/head'].map(async (path) => {
          const { status, body } = await app.api('GET', path, { token: auditor });
          return { path, status, body };
        }),
      );
    const before = await answers(original);
    expect(before.every((answer) => answer.status === 200)).toBe(true);
    expect(before.find((answer) => answer.path === '/api/audit/verify')?.body).toMatchObject({ ok: true });
    const dataDir = original.dataDir;
    await original.close({ keepData: true });
    original = undefined;

    const key = auditSigningKeyFromPem(readFileSync(join(dataDir, 'audit-signing-key'), 'utf8'));
    const report = await copyStore({
      from: { kind: 'sqlite', dataDir },
      to: { kind: 'postgres', connectionString: database.url },
      publicKey: key.publicKey,
      batchSize: 50,
    });
    expect(report).toMatchObject({ complete: true, resumedFrom: 0 });
    // The server signs as the log grows: every head it signed is copied (the latest is compared below).
    expect(report.signedHeads).toBeGreaterThan(0);

    // The webhook store follows: the same webhooks, deliveries and outbox checkpoint, the secret
    // sealed with the target's key (here the data folder's, which the API on the copy uses too).
    const env = { WEBHOOK_SECRETS_KEY: readFileSync(join(dataDir, 'webhook-secrets-key'), 'utf8').trim() };
    const webhooks = await copyWebhooks({
      from: { kind: 'sqlite', dataDir },
      to: { kind: 'postgres', connectionString: database.url },
      env,
    });
    expect(webhooks).toMatchObject({ webhooks: 1, secrets: 1, alreadyCopied: false });
    expect(webhooks.deliveries).toBeGreaterThan(0);
    const sealer = new WebhookSecretSealer(Buffer.from(env.WEBHOOK_SECRETS_KEY, 'base64url'));
    const [sourceHooks, targetHooks] = [
      SqliteWebhookStore.inDataDir(dataDir, sealer),
      await PostgresWebhookStore.open({ connectionString: database.url, sealer }),
    ];
    try {
      expect(await targetHooks.exportState()).toEqual(await sourceHooks.exportState());
      expect(await targetHooks.secretOf(webhookId)).toBe(hookSecret);
    } finally {
      await Promise.all([sourceHooks.close(), targetHooks.close()]);
    }
    // Run again, it finds the copy there; after the source moved on (a delivery attempted), it
    // replaces that earlier copy.
    const sourceEnd = { kind: 'sqlite', dataDir } as const;
    const targetEnd = { kind: 'postgres', connectionString: database.url } as const;
    expect(await copyWebhooks({ from: sourceEnd, to: targetEnd, env })).toMatchObject({
      alreadyCopied: true,
    });
    const moved = SqliteWebhookStore.inDataDir(dataDir, sealer);
    const [first] = await moved.nextDeliveries();
    await moved.recordAttempt({
      ...first!,
      status: 'failed',
      attempts: first!.attempts + 1,
      lastError: 'given up',
    });
    await moved.close();
    expect(await copyWebhooks({ from: sourceEnd, to: targetEnd, env })).toMatchObject({
      alreadyCopied: false,
      replacedEarlierCopy: true,
    });
    expect(await copyWebhooks({ from: sourceEnd, to: targetEnd, env })).toMatchObject({
      alreadyCopied: true,
    });

    // The idempotency records follow (the reference case's commands were keyed too); run again,
    // the target holds them already.
    const records = await copyIdempotencyRecords({ from: sourceEnd, to: targetEnd, pageSize: 50 });
    expect(records.records).toBeGreaterThan(100);
    expect(records.copied).toBe(records.records);
    expect(await copyIdempotencyRecords({ from: sourceEnd, to: targetEnd })).toEqual({
      records: records.records,
      copied: 0,
    });

    copy = await startE2eApp({ dataDir, config: { eventStore: 'postgres', databaseUrl: database.url } });
    expect(copy.store.name).toBe('postgres');
    expect(await answers(copy)).toEqual(before);
    // The retry gets the first answer, and the key with another request is still refused.
    const retried = await keyed(keyedBloc, copy);
    expect([retried.status, retried.body]).toEqual([firstAnswer.status, firstAnswer.body]);
    const reused = await keyed({ ...keyedBloc, name: 'Khối khác' }, copy);
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);

    // And back to a new SQLite folder, which keeps the deployment's key as the migration says.
    const backDir = await mkdtemp(join(tmpdir(), 'copy-back-'));
    await copyFile(join(dataDir, 'audit-signing-key'), join(backDir, 'audit-signing-key'));
    const returned = await copyStore({
      from: { kind: 'postgres', connectionString: database.url },
      to: { kind: 'sqlite', dataDir: backDir },
      publicKey: key.publicKey,
    });
    expect(returned).toMatchObject({
      complete: true,
      targetHead: report.targetHead,
      signedHeads: report.signedHeads,
    });
    expect(
      await copyIdempotencyRecords({
        from: { kind: 'postgres', connectionString: database.url },
        to: { kind: 'sqlite', dataDir: backDir },
      }),
    ).toEqual({ records: records.records, copied: records.records });
    back = await startE2eApp({ dataDir: backDir });
    expect(await answers(back)).toEqual(before);
    const retriedBack = await keyed(keyedBloc, back);
    expect([retriedBack.status, retriedBack.body]).toEqual([firstAnswer.status, firstAnswer.body]);
  });
});

describe('a 100,000-event log from SQLite to PostgreSQL and back (e2e)', () => {
  let dir: string;
  let database: { url: string; drop: () => Promise<void> };
  const key = auditSigningKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copy-100k-'));
    database = await freshDatabase('copy_100k');
    // Written as bench/generate-log.ts writes it: the generator through the store's own appends,
    // with a clock the generator moves phase by phase.
    const sqliteDir = join(dir, 'sqlite');
    await mkdir(sqliteDir);
    let now = Date.parse('2016-01-01T00:00:00.000Z');
    const store = await SqliteEventStore.open({
      file: join(sqliteDir, 'events.sqlite'),
      now: () => new Date(now++),
    });
    const heads = await createSignedHeadStore({ kind: 'sqlite', dataDir: sqliteDir });
    try {
      await generateLog({
        store,
        blocs: blocsFor(100_000, 10),
        years: 10,
        setTime: (at) => (now = Math.max(now, at.getTime())),
      });
      await new HeadSigner({
        store,
        heads,
        key,
        now: () => new Date(),
        refused: () => undefined,
      }).signNewHeads();
    } finally {
      await Promise.all([store.close(), heads.close()]);
    }
  }, 600_000);

  afterAll(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('arrives with identical heads both ways, after an interrupted copy resumed', async () => {
    const sqlite: StoreEndpoint = { kind: 'sqlite', dataDir: join(dir, 'sqlite') };
    const postgres: StoreEndpoint = { kind: 'postgres', connectionString: database.url };
    const back: StoreEndpoint = { kind: 'sqlite', dataDir: join(dir, 'back') };

    const interrupted = await copyStore({
      from: sqlite,
      to: postgres,
      publicKey: key.publicKey,
      batchSize: 5000,
      maxBatches: 3,
    });
    expect(interrupted).toMatchObject({ complete: false, copied: 15_000, targetHead: { position: 15_000 } });
    expect(interrupted.sourceHead.position).toBeGreaterThanOrEqual(100_000);

    const resumed = await copyStore({
      from: sqlite,
      to: postgres,
      publicKey: key.publicKey,
      batchSize: 5000,
    });
    expect(resumed).toMatchObject({
      complete: true,
      resumedFrom: 15_000,
      signedHeads: 101,
      targetHead: interrupted.sourceHead,
    });

    const returned = await copyStore({ from: postgres, to: back, publicKey: key.publicKey, batchSize: 5000 });
    expect(returned).toMatchObject({
      complete: true,
      resumedFrom: 0,
      signedHeads: 101,
      targetHead: interrupted.sourceHead,
    });

    const ends = await Promise.all(
      [sqlite, postgres, back].map(async (endpoint) => {
        const opened = await openEndpoint(endpoint, 'source');
        try {
          const head = await opened.store.headPosition();
          return {
            head,
            last: await opened.store.readAll({ after: head - 3 }),
            heads: await opened.heads.all(),
          };
        } finally {
          await opened.close();
        }
      }),
    );
    expect(ends[1]).toEqual(ends[0]);
    expect(ends[2]).toEqual(ends[0]);
  }, 600_000);
});
