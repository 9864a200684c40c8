/**
 * A document is checked against the spans of the chain between signed heads that hold its
 * events (libs/event-store/src/signed-spans.ts), not against the whole log: an event altered
 * outside them does not stop the bloc-year's documents (the audit walk still reports it), one
 * altered inside them does (409), even with its hash left as it was.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { readReferenceCase } from '@app/domain/testing';
import { AuditHeadSigner } from '../apps/api/src/audit/audit-head-signer.js';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';

const reference = readReferenceCase();

describe('the anchor of a document (e2e, SQLite)', () => {
  let e2e: E2eApp;
  let board: string;
  const sheet = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}/score-sheet.xlsx`;
  const download = async (): Promise<number> =>
    (await fetch(e2e.url + sheet, { headers: { authorization: `Bearer ${board}` } })).status;
  /** Rewrites an event's data behind the server's back, its stored hash left as it was. */
  const alter = (position: number): void => {
    const db = new Database(join(e2e.dataDir, 'events.sqlite'), { timeout: 5_000 });
    try {
      const changed = db
        .prepare(`UPDATE events SET data = json_set(data, '$.altered', 1) WHERE position = ?`)
        .run(position).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    e2e = await startE2eApp();
    board = await e2e.token('board', 'board-officer');
    await playSteps(
      reference,
      referenceCaseSteps(reference),
      httpCommandSender(e2e.url, e2e.config.authSecret),
    );
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('is refused for an event altered in its spans, and not for one altered after them', async () => {
    const signer = e2e.app.get(AuditHeadSigner);
    await signer.signNow();
    const yearEnd = await e2e.store.headPosition();
    // Another bloc, registered after the head that closes the bloc-year's span, then signed.
    const other = await e2e.api('POST', '/api/blocs', {
      token: board,
      body: { id: 'khoi-khac', name: 'Khối khác', members: [{ unitId: 'don-vi-khac', name: 'Đơn vị khác' }] },
    });
    expect(other.status).toBe(201);
    await signer.signNow();
    expect(await download()).toBe(200);

    alter(yearEnd + 1);
    const audit = await e2e.api('GET', '/api/audit/verify', { token: board });
    expect(audit.body).toMatchObject({ ok: false, brokenAt: yearEnd + 1, reason: 'altered' });
    expect(await download()).toBe(200);

    // One of the bloc-year's own events: a reported score.
    const scored = (
      await e2e.store.readAll({ streamPrefix: `cycle-${reference.bloc.id}:${reference.cycle.year}` })
    ).find((event) => event.type === 'ScoreAwarded')!;
    alter(scored.position);
    expect(await download()).toBe(409);
  }, 60_000);
});
