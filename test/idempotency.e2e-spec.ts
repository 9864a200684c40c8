/**
 * `Idempotency-Key` on commands: a repeat gets the first answer and writes nothing, also after
 * a restart on the same data folder; the same key with another request is refused.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';

describe('idempotent commands (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;

  beforeAll(async () => {
    e2e = await startE2eApp();
    cycle = await seedCycle(e2e, 'idem', { phase: 'in_force' });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const report = (value: number) => ({ unitId: cycle.units[0], indicator: 'T1', period: '2024', value });
  const send = (key: string, body: unknown, token = cycle.unit[cycle.units[0]!]) =>
    e2e.api('POST', `${cycle.path}/reports`, { token, body, headers: { 'idempotency-key': key } });

  it('answers a repeat with the first status and body, and writes nothing', async () => {
    const first = await send('report-1', report(81));
    expect(first.status).toBe(201);
    const head = await e2e.store.headPosition();

    const repeat = await send('report-1', {
      value: 81,
      period: '2024',
      indicator: 'T1',
      unitId: cycle.units[0],
    });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await e2e.store.headPosition()).toBe(head);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
    await send('report-2', report(82));
    const head = await e2e.store.headPosition();
    const reused = await send('report-2', report(83));
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await e2e.store.headPosition()).toBe(head);
  });

  it('keeps keys apart per principal', async () => {
    const mine = await send('shared-key', report(84));
    const theirs = await send(
      'shared-key',
      report(84),
      await e2e.token('unit', 'another-officer', cycle.units[0]),
    );
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.position).toBeGreaterThan(mine.body.position);
  });

  it('records no answer for a refused command, so it may be retried with the same key', async () => {
    const other = await seedCycle(e2e, 'idem-retry');
    const [unitId] = other.units;
    const body = { unitId, indicator: 'T1', period: '2024', value: 90 };
    const early = await e2e.api('POST', `${other.path}/reports`, {
      token: other.unit[unitId!],
      body,
      headers: { 'idempotency-key': 'retry-me' },
    });
    expect([early.status, early.body.code]).toEqual([409, 'WRONG_PHASE']);

    for (const id of other.units) {
      await e2e.api('POST', `${other.path}/signatures`, {
        token: other.unit[id],
        body: { unitId: id, signatory: { title: 'Giám đốc' } },
      });
    }
    const retried = await e2e.api('POST', `${other.path}/reports`, {
      token: other.unit[unitId!],
      body,
      headers: { 'idempotency-key': 'retry-me' },
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('runs the command once when repeats arrive concurrently', async () => {
    const head = await e2e.store.headPosition();
    const answers = await Promise.all(Array.from({ length: 6 }, () => send('burst', report(85))));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await e2e.store.headPosition()).toBe(head + 1);
  });

  it('refuses a malformed key', async () => {
    const response = await send('key with spaces', report(86));
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('still answers a repeat after the application restarts on the same data folder', async () => {
    const first = await send('before-restart', report(87));
    expect(first.status).toBe(201);
    const token = cycle.unit[cycle.units[0]!];

    await e2e.close({ keepData: true });
    e2e = await startE2eApp({ dataDir: e2e.dataDir });
    const head = await e2e.store.headPosition();

    const repeat = await send('before-restart', report(87), token);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(await e2e.store.headPosition()).toBe(head);

    const reused = await send('before-restart', report(88), token);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers a retry whose first answer was lost after the append (the process stopped), writing nothing', async () => {
    const review = await seedCycle(e2e, 'idem-lost', { phase: 'review' });
    const leader = review.unit[review.units[0]!];
    // A score award: run a second time, it would be a revision, refused without a reason.
    const award = (key?: string) =>
      e2e.api('POST', `${review.path}/scores`, {
        token: leader,
        body: { unitId: review.units[1], criterion: '1.1', points: 12 },
        headers: key === undefined ? {} : { 'idempotency-key': key },
      });
    const first = await award('award-1');
    expect(first.status).toBe(201);

    // The events are in the log, the answer never recorded: as if the process had stopped
    // between the two.
    await e2e.close({ keepData: true });
    const answers = new Database(join(e2e.dataDir, 'api.sqlite'));
    expect(answers.prepare("DELETE FROM idempotency_record WHERE key = 'award-1'").run().changes).toBe(1);
    answers.close();
    e2e = await startE2eApp({ dataDir: e2e.dataDir });
    const head = await e2e.store.headPosition();

    const retry = await award('award-1');
    expect([retry.status, retry.body]).toEqual([201, first.body]);
    expect(await e2e.store.headPosition()).toBe(head);
    // Recorded now: a further repeat is answered from the record.
    expect((await award('award-1')).headers.get('idempotent-replayed')).toBe('true');
    // Without the key, the same request is another command: a revision, which needs a reason.
    expect((await award()).status).toBe(422);
    expect(await e2e.store.headPosition()).toBe(head);
  });
});
