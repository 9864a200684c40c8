import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import {
  auditSigningKeyFromPem,
  createSignedHeadStore,
  HeadSigner,
  type RecordedEvent,
  type SignedHeadStore,
  SqliteEventStore,
} from '@app/event-store';
import { auditEntryOf } from '@app/projections';
import { appendLog, referenceLog } from '../../../projections/src/testing/reference-log.js';
import { verifyExportFile } from './export-file-verify.js';
import { exportLog } from './log-export.js';

const newKey = () => auditSigningKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();

describe('the NDJSON export and its offline check', () => {
  let dir: string;
  let store: SqliteEventStore;
  let heads: SignedHeadStore;
  let log: RecordedEvent[];

  /** Two blocs' reference years interleaved, a head signed in the middle, more events after it. */
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    heads = await createSignedHeadStore({ kind: 'sqlite', dataDir: dir });
    const [a, b] = [referenceLog('closed', 'kg-khoi-4'), referenceLog('closed', 'kg-khoi-5')];
    await appendLog(store, a.flatMap((event, index) => [event, b[index]]).slice(0, 200));
    await new HeadSigner({ store, heads, key, now: () => new Date(), refused: () => undefined }).signNewHeads();
    await appendLog(store, a.slice(100, 130));
    log = await store.readAll();
  });

  afterEach(async () => {
    await Promise.all([store.close(), heads.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  /** Exports through a small write buffer, so back-pressure is exercised; answers the file's lines. */
  async function exportTo(name: string, blocId?: string): Promise<{ file: string; lines: string[] }> {
    const file = join(dir, name);
    const out = createWriteStream(file, { highWaterMark: 256 });
    await exportLog({ store, heads, publicKey: key.publicKey, out, blocId, pageSize: 17 });
    out.end();
    await finished(out);
    return { file, lines: (await readFile(file, 'utf8')).trimEnd().split('\n') };
  }

  const rewrite = async (file: string, lines: string[]): Promise<void> => writeFile(file, `${lines.join('\n')}\n`);

  it('writes every event as /api/audit items are, then the head it ends at, and the file verifies offline', async () => {
    const { file, lines } = await exportTo('log.ndjson');
    const walk = await store.verifyIntegrity();
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(log);
    expect(lines.slice(0, -1)).toEqual(log.map((event) => JSON.stringify(event)));
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({
      kind: 'export-end',
      scope: { log: true },
      events: log.length,
      head: { position: walk.head.position, hash: walk.head.hash, recordedAt: log.at(-1)?.recordedAt },
      signedHead: { position: 200 },
    });
    expect(await verifyExportFile(file)).toEqual({
      ok: true,
      checked: log.length,
      head: walk.head,
      file: { scope: { log: true }, events: log.length, signedHead: 200, keyId: key.keyId },
    });
    expect(await verifyExportFile(file, key.publicKey)).toMatchObject({ ok: true });
  });

  it('fails a whole-log export that was edited, cut, or checked against another key', async () => {
    const { file, lines } = await exportTo('log.ndjson');
    const edited = [...lines];
    edited[41] = edited[41].replace(/"recordedAt":"(\d{4})/, (_, year: string) => `"recordedAt":"${Number(year) - 1}`);
    await rewrite(file, edited);
    // Below the signed head: the recomputed chain misses its hash.
    expect(await verifyExportFile(file)).toMatchObject({ ok: false, reason: 'head-mismatch', brokenAt: 200 });
    const afterSigned = [...lines];
    afterSigned[210] = afterSigned[210].replace('"type":"', '"type":"X');
    await rewrite(file, afterSigned);
    expect(await verifyExportFile(file)).toMatchObject({ ok: false, reason: 'altered', brokenAt: log.length });

    await rewrite(file, lines.filter((_, index) => index !== 10));
    expect(await verifyExportFile(file)).toMatchObject({ ok: false, reason: 'missing', brokenAt: 11 });

    await rewrite(file, lines.slice(0, -1));
    expect(await verifyExportFile(file)).toMatchObject({ ok: false, reason: 'truncated' });

    await rewrite(file, lines);
    expect(await verifyExportFile(file, newKey().publicKey)).toMatchObject({ ok: false, reason: 'bad-signature', brokenAt: 200 });
  });

  it("exports one bloc's events with their links; each verifies against its own hash", async () => {
    const { file, lines } = await exportTo('bloc.ndjson', 'kg-khoi-5');
    const expected = log.filter((event) => auditEntryOf(event).blocId === 'kg-khoi-5');
    const events = lines.slice(0, -1).map((line) => JSON.parse(line) as RecordedEvent & { chain: { hash: string } });
    expect(events.map(({ chain: _chain, ...event }) => event)).toEqual(expected);
    const walk = await store.verifyIntegrity({ keep: expected.map((event) => event.position) });
    expect(events.map((event) => event.chain.hash)).toEqual(expected.map((event) => walk.links.get(event.position)?.hash));
    expect(await verifyExportFile(file)).toMatchObject({
      ok: true,
      checked: expected.length,
      head: walk.head,
      file: { scope: { blocId: 'kg-khoi-5' }, events: expected.length },
    });

    const edited = [...lines];
    edited[3] = edited[3].replace('"type":"', '"type":"X');
    await rewrite(file, edited);
    expect(await verifyExportFile(file)).toMatchObject({ ok: false, reason: 'altered', brokenAt: events[3].position });
  });

  it('refuses to export a log that does not verify', async () => {
    const db = new Database(join(dir, 'events.sqlite'));
    db.prepare(`UPDATE events SET data = '{}' WHERE position = 7`).run();
    db.close();
    await expect(exportTo('broken.ndjson')).rejects.toThrow(/does not verify \(altered at position 7\)/);
  });
});
