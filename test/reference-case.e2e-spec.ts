/**
 * The reference case end to end: Kiên Giang bloc 4's year 2017 played through HTTP against the
 * real application on a fresh SQLite store, then every figure of the fixture's `expected`
 * checked through the queries. The fixture lives beside the repository (../shared/fixtures).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StandingRow } from '@app/domain';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { officerOf, readReferenceCase, type ReferenceCase } from '@app/domain/testing';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps, type Step } from '../apps/api/src/cli/reference-case-script.js';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer, recordingAnswers } from './support/openapi-answers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TS_LOADER = new URL('./support/ts-loader.mjs', import.meta.url).href;

/** Runs one of the command-line tools from its TypeScript source, as `npm run` runs it from dist. */
function runCli(entry: string, dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TS_LOADER, entry],
      { cwd: ROOT, env: { ...env, DATA_DIR: dataDir, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

interface AuditEvent {
  position: number;
  type: string;
  data: { unitId: string; criterion: string; points: number; previousPoints?: number };
  metadata: { actor: { sub: string; role: string; unit?: string }; reason?: string };
  recordedAt: string;
}

describe('the reference case: Kiên Giang bloc 4, 2017', () => {
  let reference: ReferenceCase;
  let e2e: E2eApp;
  let auditor: string;
  let steps: Step[];
  let paths: { cycle: string; bloc: string };
  /** Every answer the queries below get, checked against the served OpenAPI document at the end. */
  const answers: RecordedAnswer[] = [];

  /**
   * Before scoring is finalized, the leader revises one of the leading unit's points and then
   * restores it, each time with a reason: the ranking is unchanged and the audit shows both.
   */
  const revised = (reference: ReferenceCase): { unitId: string; criterion: string; points: number } => {
    const score = reference.scores.find(
      (award) => award.unitId === reference.leadingUnit && award.points >= 1,
    )!;
    return { unitId: score.unitId, criterion: score.criterion, points: score.points - 1 };
  };

  beforeAll(async () => {
    reference = readReferenceCase();
    e2e = recordingAnswers(await startE2eApp(), answers);
    auditor = await e2e.token('auditor', 'inspector');
    paths = {
      bloc: `/api/blocs/${reference.bloc.id}`,
      cycle: `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`,
    };
    const revision = revised(reference);
    const original = reference.scores.find(
      (s) => s.unitId === revision.unitId && s.criterion === revision.criterion,
    )!;
    const scorer = officerOf(reference.cycle.leader);
    const cycleCommands = `/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`;
    steps = referenceCaseSteps(reference);
    steps.splice(
      steps.findIndex((step) => step.name === 'finalize'),
      0,
      {
        name: 'revise',
        principal: scorer,
        path: `${cycleCommands}/scores`,
        body: { ...revision, reason: 'minutes of the review: one initiative counted twice' },
      },
      {
        name: 'restore',
        principal: scorer,
        path: `${cycleCommands}/scores`,
        body: { ...original, reason: 'the initiative was a separate one after all' },
      },
    );
    await playSteps(reference, steps, httpCommandSender(e2e.url, e2e.config.authSecret));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('ranks every unit with the published totals, content subtotals and indicator counts', async () => {
    const { status, body } = await e2e.api('GET', `${paths.cycle}/ranking`, { token: auditor });
    expect(status).toBe(200);
    const rows = (body.units as StandingRow[]).map(({ rank, unitId, total, byContent, indicators }) => ({
      rank,
      unitId,
      total,
      byContent,
      indicators,
    }));
    expect(rows).toEqual(reference.expected.ranking);
  });

  it('honours the leading unit and proposes the next ranked units as runners-up', async () => {
    const { body } = await e2e.api('GET', `${paths.cycle}/ranking`, { token: auditor });
    const [first, ...rest] = reference.expected.ranking;
    expect(body.leadingUnit).toBe(reference.leadingUnit);
    expect(body.leadingUnit).toBe(first!.unitId);
    expect(body.runnersUp).toEqual(rest.filter((row) => row.rank <= 3).map((row) => row.unitId));

    const cycle = await e2e.api('GET', paths.cycle, { token: auditor });
    expect(cycle.body).toMatchObject({ phase: 'finalized', leadingUnit: reference.leadingUnit });
  });

  it("shows next year's elected leader and deputy", async () => {
    const nextYear = reference.cycle.year + 1;
    const { leader, deputy } = reference.expected.leadership2018;

    const forYear = await e2e.api('GET', `${paths.bloc}/leadership/${nextYear}`, { token: auditor });
    expect(forYear.status).toBe(200);
    expect(forYear.body).toMatchObject({ year: nextYear, leader, deputy, status: 'elected' });

    const leadership = await e2e.api('GET', `${paths.bloc}/leadership`, { token: auditor });
    expect(leadership.body.next).toMatchObject({ year: nextYear, leader, deputy, status: 'elected' });
    expect(leadership.body.history).toContainEqual({
      year: reference.cycle.year,
      leader: reference.cycle.leader,
      deputy: reference.cycle.deputy,
    });
  });

  it('travels back to a moment before the first score: every total is zero', async () => {
    const firstScore = await e2e.api('GET', `/api/audit?type=ScoreAwarded&limit=1`, { token: auditor });
    const [award] = firstScore.body.items as AuditEvent[];
    const before = new Date(Date.parse(award!.recordedAt) - 1).toISOString();

    const past = await e2e.api('GET', `${paths.cycle}/standings?asOf=${encodeURIComponent(before)}`, {
      token: auditor,
    });
    expect(past.status).toBe(200);
    expect(past.body.provisional).toBe(true);
    expect((past.body.units as StandingRow[]).map((row) => row.unitId).sort()).toEqual(
      reference.bloc.members.map((member) => member.unitId).sort(),
    );
    for (const row of past.body.units as StandingRow[]) {
      expect(row.total).toBe(0);
      expect(Object.values(row.byContent).every((points) => points === 0)).toBe(true);
    }

    // The same question about now answers the final figures: time travel is not a blank page.
    const now = await e2e.api(
      'GET',
      `${paths.cycle}/standings?asOf=${encodeURIComponent(new Date().toISOString())}`,
      {
        token: auditor,
      },
    );
    expect(now.body.provisional).toBe(false);
    expect((now.body.units as StandingRow[]).map((row) => [row.unitId, row.total])).toEqual(
      reference.expected.ranking.map((row) => [row.unitId, row.total]),
    );
  });

  it("lists every change to one unit's points with who made it and why", async () => {
    const unitId = reference.leadingUnit;
    const { status, body } = await e2e.api(
      'GET',
      `/api/audit?blocId=${reference.bloc.id}&year=${reference.cycle.year}&unitId=${unitId}&type=ScoreAwarded`,
      { token: auditor },
    );
    expect(status).toBe(200);
    expect(body.next).toBeNull();
    const awards = body.items as AuditEvent[];
    const scoredBy = officerOf(
      unitId === reference.cycle.leader ? reference.cycle.deputy : reference.cycle.leader,
    );

    const sent = steps
      .filter(
        (step) =>
          typeof step.path === 'string' &&
          step.path.endsWith('/scores') &&
          (step.body as { unitId: string }).unitId === unitId,
      )
      .map((step) => step.body as { criterion: string; points: number; reason?: string });
    expect(awards).toHaveLength(sent.length);
    awards.forEach((award, index) => {
      expect(award.type).toBe('ScoreAwarded');
      expect(award.data).toMatchObject({
        unitId,
        criterion: sent[index]!.criterion,
        points: sent[index]!.points,
      });
      expect(award.metadata.actor).toMatchObject({ sub: scoredBy.sub, role: 'unit', unit: scoredBy.unit });
      expect(award.metadata.reason).toBe(sent[index]!.reason);
    });

    const revisions = awards.filter((award) => award.data.previousPoints !== undefined);
    expect(revisions.map((award) => award.metadata.reason)).toEqual([
      'minutes of the review: one initiative counted twice',
      'the initiative was a separate one after all',
    ]);
  });

  it('answers what one principal did between two dates, and everything of the bloc-year in order', async () => {
    const deputy = officerOf(reference.cycle.deputy);
    const { body: all } = await e2e.api('GET', '/api/audit?limit=1000', { token: auditor });
    const events = all.items as AuditEvent[];
    // From the review to the end: the deputy's scores, not its signature and reports.
    const from = events.find((event) => event.type === 'ReviewOpened')!.recordedAt;
    const to = events.at(-1)!.recordedAt;

    const { body: done } = await e2e.api(
      'GET',
      `/api/audit?actor=${deputy.sub}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1000`,
      { token: auditor },
    );
    const expected = events.filter(
      (event) =>
        event.metadata.actor.sub === deputy.sub && event.recordedAt >= from && event.recordedAt <= to,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect((done.items as AuditEvent[]).map((event) => event.position)).toEqual(
      expected.map((event) => event.position),
    );

    const { body: year } = await e2e.api(
      'GET',
      `/api/audit?blocId=${reference.bloc.id}&year=${reference.cycle.year}&limit=1000`,
      { token: auditor },
    );
    // Everything but the bloc's registration, which belongs to no year.
    expect((year.items as AuditEvent[]).map((event) => event.position)).toEqual(
      events.filter((event) => event.type !== 'BlocRegistered').map((event) => event.position),
    );
  });

  it("never lets a unit's own officer award its points", async () => {
    const { body } = await e2e.api('GET', `/api/audit?type=ScoreAwarded&limit=1000`, { token: auditor });
    for (const award of body.items as AuditEvent[]) {
      expect(award.metadata.actor.unit).not.toBe(award.data.unitId);
    }
  });

  it('finds the log intact', async () => {
    const { status, body } = await e2e.api('GET', '/api/audit/verify', { token: auditor });
    expect(status).toBe(200);
    const head = await e2e.store.headPosition();
    expect(body).toEqual({ ok: true, checked: head, head: { position: head, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('plays again without writing anything (the demo is idempotent)', async () => {
    const head = await e2e.store.headPosition();
    const replay = await playSteps(reference, steps, httpCommandSender(e2e.url, e2e.config.authSecret));
    expect(replay).toEqual({ written: 0, replayed: steps.length });
    expect(await e2e.store.headPosition()).toBe(head);
  });

  it('rebuilds every read model from position 0 to the same answers (npm run projections:rebuild)', async () => {
    const head = await e2e.store.headPosition();
    const { body: before } = await e2e.api('GET', `${paths.cycle}/ranking`, { token: auditor });
    await e2e.close({ keepData: true });

    const rebuilt = await runCli('apps/projector/src/cli/rebuild.ts', e2e.dataDir);
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toContain(`from position 0 to ${head} in`);
    expect(rebuilt.stdout).toMatch(/standings: 1 documents/);

    e2e = await startE2eApp({ dataDir: e2e.dataDir });
    const { body: after } = await e2e.api('GET', `${paths.cycle}/ranking`, { token: auditor });
    expect(after).toEqual(before);
  });

  it('answered every query above as the served OpenAPI document describes it', async () => {
    expect(answers.length).toBeGreaterThan(10);
    expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
  });

  it('verifies the log from the command line, and names the first event altered behind its back', async () => {
    const head = await e2e.store.headPosition();
    const { body: awards } = await e2e.api('GET', `/api/audit?type=ScoreAwarded&limit=1`, { token: auditor });
    const altered = (awards.items as AuditEvent[])[0]!;
    await e2e.close({ keepData: true });

    const intact = await runCli('apps/projector/src/cli/audit-verify.ts', e2e.dataDir);
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, checked: head, head: { position: head } });

    // Someone with access to the file gives a unit one more point.
    const file = new Database(join(e2e.dataDir, 'events.sqlite'));
    try {
      const data = { ...altered.data, points: altered.data.points + 1 };
      expect(
        file
          .prepare('UPDATE events SET data = ? WHERE position = ?')
          .run(JSON.stringify(data), altered.position).changes,
      ).toBe(1);
    } finally {
      file.close();
    }

    const broken = await runCli('apps/projector/src/cli/audit-verify.ts', e2e.dataDir);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      checked: altered.position - 1,
      brokenAt: altered.position,
      reason: 'altered',
    });

    e2e = await startE2eApp({ dataDir: e2e.dataDir });
    const { body } = await e2e.api('GET', '/api/audit/verify', { token: auditor });
    expect(body).toMatchObject({ ok: false, brokenAt: altered.position });
  });
});
