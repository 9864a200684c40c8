import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createSignedHeadStore, HeadSigner, SqliteEventStore } from '@app/event-store';
import { auditSigningKeyOf, loadConfig, signedHeadStoreConfig } from '@app/runtime';
import { referenceCase, referenceStore } from '../documents/testing/reference-store.js';
import { documentRequest, USAGE, writeDocument } from './documents-command.js';

describe('the documents CLI', () => {
  let dir: string;

  beforeAll(async () => {
    const opened = await referenceStore('closed');
    await opened.store.close();
    dir = opened.dir;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the document, bloc, year, output and format from its arguments', () => {
    expect(documentRequest(['minutes', '--bloc', 'b', '--year', '2017', '--out', 'f.pdf'])).toEqual({
      kind: 'minutes-pdf',
      blocId: 'b',
      year: 2017,
      out: 'f.pdf',
    });
    expect(
      documentRequest(['minutes', '--bloc', 'b', '--year', '2017', '--out', 'f', '--format', 'docx']).kind,
    ).toBe('minutes-docx');
    expect(documentRequest(['score-sheet', '--bloc', 'b', '--year', '2017', '--out', 'f']).kind).toBe(
      'score-sheet',
    );
    for (const wrong of [
      ['minutes'],
      ['agenda', '--bloc', 'b', '--year', '2017', '--out', 'f'],
      ['minutes', '--bloc', 'b', '--year', '17', '--out', 'f'],
    ]) {
      expect(() => documentRequest(wrong)).toThrow(USAGE);
    }
  });

  it('writes the minutes of the configured store offline, with the reference totals', async () => {
    const out = join(dir, 'bien-ban.pdf');
    const bytes = await writeDocument(
      { kind: 'minutes-pdf', blocId: referenceCase.bloc.id, year: referenceCase.cycle.year, out },
      { DATA_DIR: dir, EVENT_STORE: 'sqlite' },
    );
    expect(readFileSync(out)).toEqual(bytes);
    const text = execFileSync('pdftotext', [out, '-']).toString();
    for (const total of ['961,5', '831,3']) expect(text).toContain(total);
  });

  it("checks the document's events between the deployment's signed heads, as the API does", async () => {
    const env = { DATA_DIR: dir, EVENT_STORE: 'sqlite' };
    const config = loadConfig(env);
    const store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    const heads = await createSignedHeadStore(signedHeadStoreConfig(config));
    const signer = new HeadSigner({
      store,
      heads,
      key: auditSigningKeyOf(config),
      now: () => new Date(),
      refused: () => undefined,
    });
    let later: number;
    try {
      await signer.signNewHeads();
      // An event of another stream after the bloc-year's last signed head, signed in turn.
      later = (
        await store.append(
          'other-stream',
          [
            {
              id: randomUUID(),
              type: 'Noted',
              data: { n: 1 },
              metadata: { actor: { sub: 'x', role: 'board' }, correlationId: 'c', causationId: 'c' },
            },
          ],
          { expectedRevision: 'no_stream' },
        )
      ).position;
      await signer.signNewHeads();
    } finally {
      await Promise.all([store.close(), heads.close()]);
    }
    const db = new Database(join(dir, 'events.sqlite'));
    db.prepare(`UPDATE events SET data = '{"n":2}' WHERE position = ?`).run(later);
    db.close();
    const request = {
      kind: 'score-sheet',
      blocId: referenceCase.bloc.id,
      year: referenceCase.cycle.year,
      out: join(dir, 'bang-diem.xlsx'),
    } as const;
    // Outside the bloc-year's spans: the document is still made (a whole walk would refuse it).
    await expect(writeDocument(request, env)).resolves.toBeInstanceOf(Buffer);
  });
});
