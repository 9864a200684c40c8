/**
 * The decisions chain end to end, through HTTP only, on SQLite and on PostgreSQL: the
 * reference case's 2017 review, decided by roll-call ballots, Sở Lao động – Thương binh và Xã hội honoured by the bloc,
 * nominated for the provincial emulation flag, returned once for a missing document,
 * resubmitted with it, forwarded, passed by the council and decided; the honours register
 * shows it, then shows it annulled. Every step out of order is 409 with nothing written,
 * every ineligible nomination 422 NOT_ELIGIBLE, a duplicate 409, an own-unit nomination 403,
 * another province's board 403, and a unit reading another bloc's nominations 403. A rebuild
 * of the read models gives the same nominations and register.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Actor } from '@app/domain';
import { boardOfficer, officerOf, readReferenceCase, type ReferenceCase } from '@app/domain/testing';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps, type Step } from '../apps/api/src/cli/reference-case-script.js';
import { type E2eApp, startE2eApp, type StartOptions } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer, recordingAnswers } from './support/openapi-answers.js';
import { refusedWithoutWrites } from './support/refusal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TS_LOADER = new URL('./support/ts-loader.mjs', import.meta.url).href;
/** The local development server; CI's DATABASE_URL names a server where databases may be created. */
const PG_SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

const YEAR_END_STEPS = /^(honour|elect:)/;

/**
 * The bloc's year-end decisions, as a bloc really takes them: the leader (or the deputy, about
 * the leader's own unit) opens a roll-call vote on each, every member unit casts its own ballot,
 * the vote is closed against the year's regulation, and the honour and the elections are
 * recorded by the vote's id (the `--votes` path of the demo).
 */
async function decideTheYearEnd(reference: ReferenceCase, e2e: E2eApp): Promise<void> {
  const steps = referenceCaseSteps(reference, { votes: true }).filter((step) =>
    YEAR_END_STEPS.test(step.name),
  );
  await playSteps(reference, steps, httpCommandSender(e2e.url, e2e.config.authSecret));
}

/** The year up to its finalized scoring. */
function reviewSteps(reference: ReferenceCase): Step[] {
  return referenceCaseSteps(reference).filter((step) => !YEAR_END_STEPS.test(step.name));
}

const sha = (digit: string) => digit.repeat(64);
const SUBMISSION = { kind: 'submission', title: 'Tờ trình đề nghị tặng Cờ thi đua', sha256: sha('1') };
const SCORE_SHEET = { kind: 'score-sheet', title: 'Bảng tổng hợp kết quả chấm điểm', sha256: sha('2') };
const MINUTES = { kind: 'minutes', title: 'Biên bản hội nghị tổng kết năm 2017', sha256: sha('3') };
const REPORT = { kind: 'achievement-report', title: 'Báo cáo thành tích', sha256: sha('4') };

interface Store {
  readonly name: string;
  start(): Promise<{ options: StartOptions; env: Record<string, string>; drop(): Promise<void> }>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const STORES: Store[] = [
  { name: 'SQLite', start: async () => ({ options: {}, env: {}, drop: async () => {} }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const database = `decisions_e2e_${randomBytes(5).toString('hex')}`;
      await admin(`CREATE DATABASE ${database}`);
      const url = new URL(PG_SERVER);
      url.pathname = `/${database}`;
      return {
        options: { config: { eventStore: 'postgres', databaseUrl: url.toString() } },
        env: { EVENT_STORE: 'postgres', DATABASE_URL: url.toString() },
        drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
      };
    },
  },
];

/** Rebuilds the read models with `npm run projections:rebuild`'s source, against the stopped app's stores. */
function rebuild(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TS_LOADER, 'apps/projector/src/cli/rebuild.ts'],
      { cwd: ROOT, env: { ...inherited, ...env, DATA_DIR: dataDir, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

describe.each(STORES)('the decisions chain on $name (e2e)', (store) => {
  const reference = readReferenceCase();
  const { bloc, cycle } = reference;
  const cyclePath = `/api/blocs/${bloc.id}/cycles/${cycle.year}`;
  const flagId = `${bloc.id}:${cycle.year}:emulation-flag:${reference.leadingUnit}`;
  const flagPath = `/api/nominations/${flagId}`;
  let e2e: E2eApp;
  let started: Awaited<ReturnType<Store['start']>>;
  const tokens = new Map<string, string>();
  const as = async (actor: Actor): Promise<string> => {
    if (!tokens.has(actor.sub)) tokens.set(actor.sub, await signToken(e2e.config.authSecret, actor));
    return tokens.get(actor.sub)!;
  };
  const leader = officerOf(cycle.leader);
  const deputy = officerOf(cycle.deputy);
  const otherProvinceBoard: Actor = { role: 'board', sub: 'hg-board', province: 'Hậu Giang' };
  const kienGiangBoard: Actor = { role: 'board', sub: 'kg-board', province: bloc.province };
  const auditor: Actor = { role: 'auditor', sub: 'inspector' };

  const post = async (actor: Actor, path: string, body: unknown) =>
    e2e.api('POST', path, { token: await as(actor), body });
  const refused = async (actor: Actor, path: string, body: unknown) =>
    refusedWithoutWrites(e2e, 'POST', path, { token: await as(actor), body });
  const get = async (actor: Actor, path: string) => e2e.api('GET', path, { token: await as(actor) });

  let beforeHonour: { status: number; code: string };
  const answers: RecordedAnswer[] = [];

  beforeAll(async () => {
    started = await store.start();
    e2e = recordingAnswers(await startE2eApp(started.options), answers);
    await playSteps(reference, reviewSteps(reference), httpCommandSender(e2e.url, e2e.config.authSecret));
    const early = await refused(leader, `${cyclePath}/nominations`, {
      unitId: reference.leadingUnit,
      award: 'emulation-flag',
      documents: [SUBMISSION],
    });
    beforeHonour = { status: early.status, code: early.body.code };
    await decideTheYearEnd(reference, e2e);
    // A bloc of another province, with its own unit.
    const registered = await post(boardOfficer, '/api/blocs', {
      id: 'hg-khoi-1',
      name: 'Khối thi đua số 1',
      province: 'Hậu Giang',
      members: [{ unitId: 'hg-so-y-te', name: 'Sở Y tế Hậu Giang' }],
    });
    expect(registered.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
    await started?.drop();
  });

  it('decided the honour and both elections by roll-call ballots, every member voting', async () => {
    const votes = await get(auditor, `${cyclePath}/votes`);
    expect(votes.status).toBe(200);
    const list = votes.body as {
      subject: string;
      candidate: string;
      status: string;
      passed: boolean;
      ballots: unknown[];
    }[];
    expect(
      list.map(({ subject, candidate, status, passed }) => ({ subject, candidate, status, passed })),
    ).toEqual([
      { subject: 'leading-unit', candidate: reference.leadingUnit, status: 'closed', passed: true },
      ...reference.elections.map(({ role, unitId }) => ({
        subject: role,
        candidate: unitId,
        status: 'closed',
        passed: true,
      })),
    ]);
    for (const vote of list) expect(vote.ballots).toHaveLength(bloc.members.length);
    const honoured = await get(
      auditor,
      `/api/audit?blocId=${bloc.id}&year=${cycle.year}&type=LeadingUnitHonored`,
    );
    const [event] = (honoured.body as { items: { data: { unitId: string; voteId?: string } }[] }).items;
    expect(event?.data.unitId).toBe(reference.leadingUnit);
    expect(typeof event?.data.voteId).toBe('string');
  });

  it('refuses a nomination before the bloc has honoured its leading unit: 409 WRONG_PHASE', () => {
    expect(beforeHonour).toEqual({ status: 409, code: 'WRONG_PHASE' });
  });

  it('refuses ineligible nominations (422 NOT_ELIGIBLE), an own-unit nomination (403) and another province’s board (403)', async () => {
    const [, second] = reference.expected.ranking;
    const last = reference.expected.ranking.at(-1)!;
    const nominate = (actor: Actor, unitId: string, award: string) =>
      refused(actor, `${cyclePath}/nominations`, { unitId, award, documents: [SUBMISSION] });
    for (const [unitId, award] of [
      [second!.unitId, 'emulation-flag'],
      [last.unitId, 'certificate-of-merit'],
      [reference.leadingUnit, 'certificate-of-merit'],
    ] as const) {
      const response = await nominate(leader, unitId, award);
      expect({ unitId, award, status: response.status, code: response.body.code }).toEqual({
        unitId,
        award,
        status: 422,
        code: 'NOT_ELIGIBLE',
      });
    }
    // The leader (ranked 3) may not nominate its own unit; the deputy does.
    expect((await nominate(leader, cycle.leader, 'certificate-of-merit')).body.code).toBe('FORBIDDEN');
    expect((await nominate(otherProvinceBoard, reference.leadingUnit, 'emulation-flag')).status).toBe(403);
    const byDeputy = await post(deputy, `${cyclePath}/nominations`, {
      unitId: cycle.leader,
      award: 'certificate-of-merit',
      documents: [SUBMISSION, REPORT],
    });
    expect(byDeputy.status).toBe(201);
  });

  it('submits the flag for the leading unit and answers its id; a second one is 409 ALREADY_EXISTS, a flag for another unit 422', async () => {
    const submitted = await post(leader, `${cyclePath}/nominations`, {
      unitId: reference.leadingUnit,
      award: 'emulation-flag',
      documents: [SUBMISSION, SCORE_SHEET],
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({
      position: expect.any(Number),
      events: ['NominationSubmitted'],
      nominationId: flagId,
    });

    const again = await refused(deputy, `${cyclePath}/nominations`, {
      unitId: reference.leadingUnit,
      award: 'emulation-flag',
      documents: [SUBMISSION],
    });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_EXISTS']);
    const secondFlag = await refused(leader, `${cyclePath}/nominations`, {
      unitId: reference.expected.ranking[1]!.unitId,
      award: 'emulation-flag',
      documents: [SUBMISSION],
    });
    expect([secondFlag.status, secondFlag.body.code]).toEqual([422, 'NOT_ELIGIBLE']);
  });

  it('refuses every step out of order while submitted: 409 WRONG_PHASE, nothing written', async () => {
    for (const [step, body] of [
      ['resubmission', { documents: [MINUTES] }],
      ['council-vote', { councilMembers: 9, for: 9, against: 0, abstain: 0 }],
      ['decision', { decisionNo: '512/QĐ-UBND', decidedOn: '2018-03-15', signedBy: 'Chủ tịch UBND tỉnh' }],
      ['annulment', { decisionNo: '88/QĐ-UBND', reason: 'too early' }],
    ] as const) {
      const actor = step === 'resubmission' ? leader : boardOfficer;
      const response = await refused(actor, `${flagPath}/${step}`, body);
      expect({ step, status: response.status, code: response.body.code }).toEqual({
        step,
        status: 409,
        code: 'WRONG_PHASE',
      });
    }
  });

  it('refuses a malformed nomination id or filter (400) and an unknown nomination (404), writing nothing', async () => {
    const body = { outcome: 'forwarded', reason: 'complete' };
    for (const id of [
      'NOT-AN-ID',
      `${bloc.id}:17:emulation-flag:x`,
      `${bloc.id}:2017:medal:x`,
      '%E2%80%AE',
    ]) {
      expect((await refused(boardOfficer, `/api/nominations/${id}/appraisal`, body)).status).toBe(400);
    }
    const unknown = await refused(
      boardOfficer,
      `/api/nominations/${bloc.id}:2017:emulation-flag:du-lich/appraisal`,
      body,
    );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await get(auditor, '/api/nominations?status=bogus')).status).toBe(400);
    expect((await get(auditor, '/api/honours?year=17')).status).toBe(400);
  });

  it("leaves the appraisal to the province's own board: another province's board and a unit are 403", async () => {
    const body = { outcome: 'forwarded', reason: 'complete' };
    expect((await refused(otherProvinceBoard, `${flagPath}/appraisal`, body)).status).toBe(403);
    expect((await refused(leader, `${flagPath}/appraisal`, body)).status).toBe(403);
  });

  it('returns the dossier for a missing document; the leader resubmits it with the minutes; the board forwards it', async () => {
    const returned = await post(kienGiangBoard, `${flagPath}/appraisal`, {
      outcome: 'returned',
      reason: 'Hồ sơ thiếu biên bản hội nghị tổng kết',
    });
    expect(returned.body).toMatchObject({ events: ['NominationReturned'] });
    expect(
      (await refused(boardOfficer, `${flagPath}/appraisal`, { outcome: 'forwarded', reason: 'x' })).body.code,
    ).toBe('WRONG_PHASE');
    // The nominated unit itself may not resubmit its own dossier.
    expect(
      (await refused(officerOf(reference.leadingUnit), `${flagPath}/resubmission`, { documents: [MINUTES] }))
        .status,
    ).toBe(403);
    const resubmitted = await post(leader, `${flagPath}/resubmission`, {
      documents: [SUBMISSION, SCORE_SHEET, MINUTES],
      note: 'Bổ sung biên bản',
    });
    expect(resubmitted.body).toMatchObject({ events: ['NominationResubmitted'] });
    const forwarded = await post(boardOfficer, `${flagPath}/appraisal`, {
      outcome: 'forwarded',
      reason: 'Hồ sơ đầy đủ',
    });
    expect(forwarded.body).toMatchObject({ events: ['NominationForwarded'] });
    expect((await refused(leader, `${flagPath}/resubmission`, { documents: [MINUTES] })).body.code).toBe(
      'WRONG_PHASE',
    );
  });

  it('records the council passing it with two thirds of all members, then the decision: the register shows the honour', async () => {
    expect(
      (
        await refused(boardOfficer, `${flagPath}/decision`, {
          decisionNo: '512/QĐ-UBND',
          decidedOn: '2018-03-15',
          signedBy: 'Chủ tịch UBND tỉnh',
        })
      ).body.code,
    ).toBe('WRONG_PHASE');
    const voted = await post(boardOfficer, `${flagPath}/council-vote`, {
      councilMembers: 9,
      for: 6,
      against: 2,
      abstain: 1,
    });
    expect(voted.body).toMatchObject({ events: ['CouncilVoted'] });
    expect(
      (
        await refused(boardOfficer, `${flagPath}/council-vote`, {
          councilMembers: 9,
          for: 9,
          against: 0,
          abstain: 0,
        })
      ).body.code,
    ).toBe('WRONG_PHASE');
    const decided = await post(boardOfficer, `${flagPath}/decision`, {
      decisionNo: '512/QĐ-UBND',
      decidedOn: '2018-03-15',
      signedBy: 'Chủ tịch UBND tỉnh Kiên Giang',
    });
    expect(decided.body).toMatchObject({ events: ['HonourConferred'] });

    const honours = await get(
      officerOf('van-hoa'),
      `/api/honours?province=${encodeURIComponent(bloc.province)}&year=2017`,
    );
    expect(honours.status).toBe(200);
    expect(honours.body).toEqual([
      {
        nominationId: flagId,
        unitId: reference.leadingUnit,
        unitName: bloc.members.find((m) => m.unitId === reference.leadingUnit)!.name,
        blocId: bloc.id,
        province: bloc.province,
        year: 2017,
        award: 'emulation-flag',
        decisionNo: '512/QĐ-UBND',
        decidedOn: '2018-03-15',
        annulled: false,
      },
    ]);
    expect((await get(otherProvinceBoard, '/api/honours')).body).toEqual([]);
  });

  it('annuls the honour by a later decision: the register keeps it, marked annulled; a second annulment is 409', async () => {
    const annulled = await post(boardOfficer, `${flagPath}/annulment`, {
      decisionNo: '88/QĐ-UBND',
      reason: 'Kê khai thành tích không trung thực',
    });
    expect(annulled.body).toMatchObject({ events: ['HonourAnnulled'] });
    expect(
      (await refused(boardOfficer, `${flagPath}/annulment`, { decisionNo: '89/QĐ-UBND', reason: 'again' }))
        .body.code,
    ).toBe('WRONG_PHASE');
    expect(
      (
        await refused(boardOfficer, `${flagPath}/decision`, {
          decisionNo: '512/QĐ-UBND',
          decidedOn: '2018-03-15',
          signedBy: 'Chủ tịch UBND tỉnh',
        })
      ).body.code,
    ).toBe('WRONG_PHASE');
    const honours = await get(auditor, `/api/honours?unitId=${reference.leadingUnit}`);
    expect(honours.body).toEqual([
      expect.objectContaining({ nominationId: flagId, decisionNo: '512/QĐ-UBND', annulled: true }),
    ]);
  });

  it('lists the nominations with status and history to the board and the bloc’s units; another bloc’s unit asking is 403', async () => {
    const { body } = await get(auditor, `/api/nominations?blocId=${bloc.id}&year=2017`);
    expect(body.map((n: { nominationId: string; status: string }) => [n.nominationId, n.status])).toEqual([
      [`${bloc.id}:2017:certificate-of-merit:${cycle.leader}`, 'submitted'],
      [flagId, 'annulled'],
    ]);
    const flag = body.find((n: { nominationId: string }) => n.nominationId === flagId);
    expect(flag).toMatchObject({
      blocId: bloc.id,
      year: 2017,
      unitId: reference.leadingUnit,
      award: 'emulation-flag',
    });
    expect(flag.history.map((step: { type: string }) => step.type)).toEqual([
      'NominationSubmitted',
      'NominationReturned',
      'NominationResubmitted',
      'NominationForwarded',
      'CouncilVoted',
      'HonourConferred',
      'HonourAnnulled',
    ]);
    expect(flag.history[1]).toEqual({
      type: 'NominationReturned',
      at: expect.any(String),
      by: 'kg-board',
      reason: 'Hồ sơ thiếu biên bản hội nghị tổng kết',
    });

    const asMember = await get(officerOf('du-lich'), '/api/nominations?status=annulled');
    expect(asMember.body.map((n: { nominationId: string }) => n.nominationId)).toEqual([flagId]);
    expect((await get(officerOf('hg-so-y-te'), '/api/nominations')).body).toEqual([]);
    const outsider = await get(officerOf('hg-so-y-te'), `/api/nominations?blocId=${bloc.id}`);
    expect([outsider.status, outsider.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await get(otherProvinceBoard, `/api/nominations?blocId=${bloc.id}`)).status).toBe(403);
    expect((await get(otherProvinceBoard, '/api/nominations')).body).toEqual([]);
  });

  it('files every step in the audit trail under the bloc, year and unit', async () => {
    const types =
      'NominationSubmitted,NominationReturned,NominationResubmitted,NominationForwarded,CouncilVoted,HonourConferred,HonourAnnulled';
    const { body } = await get(
      auditor,
      `/api/audit?blocId=${bloc.id}&year=2017&unitId=${reference.leadingUnit}&type=${types}`,
    );
    expect(body.items.map((event: { type: string }) => event.type)).toEqual(types.split(','));
    expect(body.items[1].metadata.reason).toBe('Hồ sơ thiếu biên bản hội nghị tổng kết');
  });

  it('rebuilds the read models from position 0 to the same nominations and honours register', async () => {
    const read = async () => ({
      nominations: (await get(auditor, '/api/nominations')).body,
      honours: (await get(auditor, '/api/honours')).body,
    });
    const before = await read();
    await e2e.close({ keepData: true });
    const rebuilt = await rebuild(e2e.dataDir, started.env);
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toMatch(/nominations: 2 documents/);
    expect(rebuilt.stdout).toMatch(/honours: 1 documents/);
    e2e = await startE2eApp({ ...started.options, dataDir: e2e.dataDir });
    tokens.clear();
    expect(await read()).toEqual(before);
  }, 60_000);

  it('answered as the OpenAPI document says: each status documented, each JSON of its schema', async () => {
    expect(answers.length).toBeGreaterThan(10);
    expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
  });
});
