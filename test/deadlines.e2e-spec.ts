/**
 * Deadlines end to end, through HTTP, on SQLite and on PostgreSQL: a reporting deadline a few
 * seconds ahead passes, the process manager records DeadlinePassed with the units that had not
 * reported, once (also across a restart of the application); a report after it is accepted
 * with `late: true`, which the audit trail, the standings and the deadlines view all show.
 *
 * The application runs on the real clock here (DEADLINE_TICK_MS small); the spec waits for the
 * events it expects through a subscription to the log, never on a timer.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@app/runtime';
import type { RecordedEvent } from '@app/event-store';
import { type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { nextEvent } from './support/next-event.js';
import { admin, POSTGRES_SERVER } from './support/postgres-server.js';
import { OpenApiAnswers, type RecordedAnswer, recordingAnswers } from './support/openapi-answers.js';

const TICK_MS = 100;
/** How far ahead the deadline is set: time enough to report before it, as API.md's case says. */
const AHEAD_MS = 3000;

function deadlinesScenario(
  name: string,
  setUp: () => Promise<{ config: Partial<AppConfig>; tearDown(): Promise<void> }>,
) {
  describe(`deadlines on ${name} (e2e)`, () => {
    let e2e: E2eApp;
    let cycle: SmallCycle;
    let config: Partial<AppConfig>;
    let tearDown: () => Promise<void>;
    let due: string;
    let passed: RecordedEvent;
    const answers: RecordedAnswer[] = [];

    beforeAll(async () => {
      ({ config, tearDown } = await setUp());
      e2e = recordingAnswers(await startE2eApp({ config: { ...config, deadlineTickMs: TICK_MS } }), answers);
      cycle = await seedCycle(e2e, `deadlines-${name}`, { phase: 'in_force' });
    });
    afterAll(async () => {
      await e2e?.close();
      await tearDown?.();
    });

    const [a, b, c] = [0, 1, 2].map((i) => () => cycle.units[i]!);
    const report = (unitId: string) =>
      e2e.api('POST', `${cycle.path}/reports`, {
        token: cycle.unit[unitId],
        body: { unitId, indicator: 'T1', period: '2024-H1', value: 90 },
      });

    it('records the passing of a reporting deadline 3 s ahead, with the units that did not report', async () => {
      expect((await report(a())).status).toBe(201);
      due = new Date(Date.now() + AHEAD_MS).toISOString();
      const passing = nextEvent(e2e.store, 'DeadlinePassed');
      const set = await e2e.api('POST', `${cycle.path}/deadlines`, {
        token: cycle.unit[a()],
        body: { kind: 'reporting', period: '2024-H1', due },
      });
      expect(set).toMatchObject({ status: 201, body: { events: ['DeadlineSet'] } });
      passed = await passing;
      expect(passed.data).toEqual({
        blocId: cycle.blocId,
        year: cycle.year,
        kind: 'reporting',
        period: '2024-H1',
        due,
        missed: [b(), c()],
      });
      expect(passed.metadata.actor.role).toBe('system');
      expect(Date.parse(passed.recordedAt)).toBeGreaterThan(Date.parse(due));
    });

    it('accepts a report after it, flagged late: in the audit trail, the standings and the deadlines', async () => {
      const late = await report(b());
      expect(late.status).toBe(201);
      const audit = await e2e.api('GET', `/api/audit?blocId=${cycle.blocId}&type=IndicatorReported`, {
        token: cycle.board,
      });
      expect(audit.status).toBe(200);
      expect(
        audit.body.items.map((item: RecordedEvent) => [
          (item.data as { unitId: string }).unitId,
          (item.data as { late?: boolean }).late,
        ]),
      ).toEqual([
        [a(), undefined],
        [b(), true],
      ]);
      const standings = await e2e.api('GET', `${cycle.path}/standings`, { token: cycle.board });
      expect(
        Object.fromEntries(
          standings.body.units.map((row: { unitId: string; lateReports: number }) => [
            row.unitId,
            row.lateReports,
          ]),
        ),
      ).toEqual({ [a()]: 0, [b()]: 1, [c()]: 0 });
      const deadlines = await e2e.api('GET', `${cycle.path}/deadlines`, { token: cycle.unit[c()] });
      expect(deadlines).toMatchObject({ status: 200 });
      expect(deadlines.body).toEqual([
        {
          kind: 'reporting',
          period: '2024-H1',
          due,
          status: 'passed',
          units: [
            { unitId: a(), done: true, late: false },
            { unitId: b(), done: true, late: true },
            { unitId: c(), done: false, late: true },
          ],
        },
      ]);
    });

    it('records the passing once, also after the application restarts', async () => {
      await e2e.close({ keepData: true });
      e2e = await startE2eApp({ dataDir: e2e.dataDir, config: { ...config, deadlineTickMs: TICK_MS } });
      // A later deadline passing shows the process manager has looked at the earlier one again since.
      const later = new Date(Date.now() + 500).toISOString();
      const passing = nextEvent(
        e2e.store,
        'DeadlinePassed',
        (event) => (event.data as { kind: string }).kind === 'self-assessment',
      );
      const set = await e2e.api('POST', `${cycle.path}/deadlines`, {
        token: cycle.board,
        body: { kind: 'self-assessment', due: later },
      });
      expect(set.status).toBe(201);
      await passing;
      const all = await e2e.store.readAll({ types: ['DeadlinePassed'] });
      expect(all.map((event) => (event.data as { kind: string }).kind)).toEqual([
        'reporting',
        'self-assessment',
      ]);
      expect(all[0]!.id).toBe(passed.id);
    });

    it('answered as the OpenAPI document says: each status documented, each JSON of its schema', async () => {
      expect(answers.length).toBeGreaterThan(3);
      expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
    });
  });
}

deadlinesScenario('sqlite', async () => ({ config: {}, tearDown: async () => undefined }));

deadlinesScenario('postgres', async () => {
  const database = `deadlines_e2e_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${database}`;
  return {
    config: { eventStore: 'postgres', databaseUrl: url.toString() },
    tearDown: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
});
