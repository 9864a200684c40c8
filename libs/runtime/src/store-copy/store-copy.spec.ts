import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { auditSigningKeyFromPem, HeadSigner, type EventStore } from '@app/event-store';
import { openScratchDatabase, type ScratchDatabase } from '@app/event-store/testing';
import { copyStore, StoreCopyError } from './store-copy.js';
import { openEndpoint, type StoreEndpoint } from './store-endpoint.js';

const key = auditSigningKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const metadata = { actor: { sub: 'board-officer', role: 'board' as const }, correlationId: 'c', causationId: 'c' };

async function appendEvents(store: EventStore, count: number, stream = 'cycle-k4:2017'): Promise<void> {
  for (let n = 0; n < count; n++) {
    await store.append(`${stream}:${n % 3}`, [{ id: randomUUID(), type: 'ScoreAwarded', data: { n }, metadata }], { expectedRevision: 'any' });
  }
}

describe('copyStore', () => {
  let scratch: ScratchDatabase;
  let dir: string;
  let sqlite: StoreEndpoint;
  let postgres: StoreEndpoint;

  beforeAll(async () => {
    scratch = await openScratchDatabase('store_copy');
  });

  afterAll(async () => {
    await scratch.drop();
  });

  /** A SQLite log of 65 events whose head at 40 is signed; an empty PostgreSQL log. */
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-copy-'));
    sqlite = { kind: 'sqlite', dataDir: dir };
    postgres = { kind: 'postgres', connectionString: scratch.connectionString, schema: scratch.newSchema(), headsSchema: scratch.newSchema() };
    const source = await openEndpoint(sqlite, 'target');
    try {
      await appendEvents(source.store, 40);
      await new HeadSigner({ store: source.store, heads: source.heads, key, now: () => new Date(), refused: () => undefined }).signNewHeads();
      await appendEvents(source.store, 25);
    } finally {
      await source.close();
    }
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copies in batches, stops after the batches asked for, and resumes from the target head', async () => {
    const first = await copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey, batchSize: 10, maxBatches: 2 });
    expect(first).toMatchObject({ resumedFrom: 0, copied: 20, complete: false, signedHeads: 0, targetHead: { position: 20 } });

    const second = await copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey, batchSize: 10 });
    expect(second).toMatchObject({ resumedFrom: 20, copied: 45, complete: true, signedHeads: 1 });
    expect(second.targetHead).toEqual(second.sourceHead);
    expect(second.sourceHead.position).toBe(65);

    const again = await copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey });
    expect(again).toMatchObject({ resumedFrom: 65, copied: 0, complete: true, targetHead: second.sourceHead });

    const target = await openEndpoint(postgres, 'target');
    const source = await openEndpoint(sqlite, 'source');
    try {
      expect(await target.store.readAll()).toEqual(await source.store.readAll());
      expect(await target.heads.all()).toEqual(await source.heads.all());
    } finally {
      await Promise.all([target.close(), source.close()]);
    }
  });

  it('copies back from PostgreSQL to SQLite with the same head', async () => {
    const there = await copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey, batchSize: 7 });
    const back = await copyStore({ from: postgres, to: { kind: 'sqlite', dataDir: join(dir, 'back') }, publicKey: key.publicKey, batchSize: 9 });
    expect(back).toMatchObject({ complete: true, copied: 65, signedHeads: 1, targetHead: there.sourceHead });
  });

  it('refuses a target that holds a different history, or more than the source, writing nothing', async () => {
    const other = await openEndpoint(postgres, 'target');
    await appendEvents(other.store, 5, 'bloc-khac');
    await other.close();
    await expect(copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey })).rejects.toThrow(/different history: its hash at position 5/);

    const longer = { kind: 'sqlite' as const, dataDir: join(dir, 'longer') };
    const target = await openEndpoint(longer, 'target');
    await appendEvents(target.store, 70);
    await target.close();
    await expect(copyStore({ from: sqlite, to: longer, publicKey: key.publicKey })).rejects.toThrow(StoreCopyError);
    await expect(copyStore({ from: sqlite, to: longer, publicKey: key.publicKey })).rejects.toThrow(/holds 70 events, more than the source's 65/);

    const check = await openEndpoint(postgres, 'target');
    try {
      expect(await check.store.headPosition()).toBe(5);
    } finally {
      await check.close();
    }
  });

  it('refuses a source that does not verify, and one whose heads another key signed', async () => {
    await expect(copyStore({ from: sqlite, to: postgres, publicKey: auditSigningKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).publicKey })).rejects.toThrow(
      /source .* does not verify: bad-signature at position 40/,
    );
    const db = new Database(join(dir, 'events.sqlite'));
    db.prepare(`UPDATE events SET data = '{"n":99}' WHERE position = 12`).run();
    db.close();
    await expect(copyStore({ from: sqlite, to: postgres, publicKey: key.publicKey })).rejects.toThrow(/source .* does not verify: altered at position 12/);
  });

  it('refuses a SQLite source folder without a log', async () => {
    await expect(copyStore({ from: { kind: 'sqlite', dataDir: join(dir, 'nothing') }, to: postgres, publicKey: key.publicKey })).rejects.toThrow(/holds no events.sqlite/);
    // Nor was anything created there.
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
