/**
 * Issue 13, the bloc's decisions through HTTP, on SQLite and on PostgreSQL: the year's
 * regulation (two thirds of those present), roll-call votes with one ballot per unit, the
 * honour and both elections decided by closed votes, a failing vote refused, every step in the
 * wrong order 409 and every own-unit decision 403 with nothing written; then the audit trail,
 * time travel and a rebuild of the read models give the same answers.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readReferenceCase } from '@app/domain/testing';
import type { VoteView } from '@app/projections';
import type { AppConfig } from '@app/runtime';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { type ApiResponse, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer, recordingAnswers } from './support/openapi-answers.js';
import { refusedWithoutWrites } from './support/refusal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TS_LOADER = new URL('./support/ts-loader.mjs', import.meta.url).href;
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

/** `npm run projections:rebuild` from its TypeScript source, against the app's store. */
function rebuild(config: AppConfig): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  const storeEnv =
    config.eventStore === 'postgres'
      ? { EVENT_STORE: 'postgres', DATABASE_URL: config.databaseUrl ?? '' }
      : { EVENT_STORE: 'sqlite' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TS_LOADER, 'apps/projector/src/cli/rebuild.ts'],
      { cwd: ROOT, env: { ...env, ...storeEnv, DATA_DIR: config.dataDir, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

interface Store {
  readonly name: string;
  readonly config: () => Promise<Partial<AppConfig>>;
  readonly drop: () => Promise<void>;
}

const database = `votes_e2e_${randomBytes(5).toString('hex')}`;
const stores: Store[] = [
  { name: 'SQLite', config: async () => ({}), drop: async () => {} },
  {
    name: 'PostgreSQL',
    config: async () => {
      await admin(`CREATE DATABASE ${database}`);
      const url = new URL(SERVER);
      url.pathname = `/${database}`;
      return { eventStore: 'postgres', databaseUrl: url.toString() };
    },
    drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  },
];

describe.each(stores)('roll-call votes under the year regulation on $name (e2e)', (store) => {
  let e2e: E2eApp;
  let cycle: SmallCycle;
  let leader: string;
  let deputy: string;
  let member: string;
  let auditor: string;
  const voteIds: Record<string, string> = {};
  const answers: RecordedAnswer[] = [];

  beforeAll(async () => {
    e2e = recordingAnswers(await startE2eApp({ config: await store.config() }), answers);
    cycle = await seedCycle(e2e, 'votes', { phase: 'review' });
    [leader, deputy, member] = cycle.units;
    auditor = await e2e.token('auditor', 'inspector');
  });

  afterAll(async () => {
    await e2e?.close();
    await store.drop();
  });

  const post = (path: string, token: string, body: unknown): Promise<ApiResponse> =>
    e2e.api('POST', `${cycle.path}${path}`, { token, body });
  const get = async (path: string, token = auditor) => (await e2e.api('GET', path, { token })).body;

  async function accepted(path: string, token: string, body: unknown): Promise<ApiResponse> {
    const response = await post(path, token, body);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
    return response;
  }

  async function refused(
    path: string,
    token: string,
    body: unknown,
    status: number,
    code: string,
  ): Promise<void> {
    const response = await refusedWithoutWrites(e2e, 'POST', `${cycle.path}${path}`, { token, body });
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  }

  const regulation = (policy: unknown) => ({
    year: cycle.year,
    title: `Quy chế hoạt động năm ${cycle.year}`,
    adoptedOn: `${cycle.year}-03-15`,
    policy,
  });
  const presentTwoThirds = { of: 'present', ratio: 'two-thirds' };

  async function openVote(token: string, subject: string, candidate: string): Promise<string> {
    const response = await accepted('/votes', token, { subject, candidate });
    expect(response.body).toEqual({
      position: expect.any(Number),
      events: ['VoteOpened'],
      voteId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    return response.body.voteId as string;
  }
  const ballot = (voteId: string, unitId: string, choice: string) =>
    accepted(`/votes/${voteId}/ballots`, cycle.unit[unitId], { unitId, choice });

  it("adopts the year's regulation by its leader; the cycle shows it; another member may not", async () => {
    const forbidden = await refusedWithoutWrites(e2e, 'POST', `/api/blocs/${cycle.blocId}/regulations`, {
      token: cycle.unit[member],
      body: regulation({ vote: presentTwoThirds }),
    });
    expect({ status: forbidden.status, code: forbidden.body?.code }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const adopted = await e2e.api('POST', `/api/blocs/${cycle.blocId}/regulations`, {
      token: cycle.unit[leader],
      body: regulation({ vote: presentTwoThirds }),
    });
    expect({ status: adopted.status, events: adopted.body?.events }).toEqual({
      status: 201,
      events: ['RegulationAdopted'],
    });
    expect((await get(cycle.path)).policy).toEqual({
      rotation: 'strict',
      noConsecutiveLeader: true,
      tieBreak: ['content:1', 'indicatorsExceeded'],
      vote: presentTwoThirds,
    });
  });

  it('refuses votes before the scoring is finalized, and a regulation for the year after', async () => {
    await refused(
      '/votes',
      cycle.unit[deputy],
      { subject: 'leading-unit', candidate: leader },
      409,
      'WRONG_PHASE',
    );
    const points: Record<string, [number, number]> = {
      [leader]: [60, 40],
      [deputy]: [50, 30],
      [member]: [40, 20],
    };
    for (const unitId of cycle.units) {
      const scorer = unitId === leader ? cycle.unit[deputy] : cycle.unit[leader];
      await accepted('/scores', scorer, { unitId, criterion: '1.1', points: points[unitId][0] });
      await accepted('/scores', scorer, { unitId, criterion: '2.1', points: points[unitId][1] });
    }
    await accepted('/scoring/finalize', cycle.unit[leader], {});
    const head = await e2e.store.headPosition();
    const late = await e2e.api('POST', `/api/blocs/${cycle.blocId}/regulations`, {
      token: cycle.board,
      body: regulation({ vote: { of: 'members', ratio: 'majority' } }),
    });
    expect({ status: late.status, code: late.body?.code }).toEqual({ status: 409, code: 'WRONG_PHASE' });
    expect(await e2e.store.headPosition()).toBe(head);
  });

  it('takes one ballot per unit, its own, while the vote is open; the leader may not put its own unit to the vote', async () => {
    await refused(
      '/votes',
      cycle.unit[leader],
      { subject: 'leading-unit', candidate: leader },
      403,
      'FORBIDDEN',
    );
    const voteId = await openVote(cycle.unit[deputy], 'leading-unit', leader);
    voteIds.honour = voteId;
    await ballot(voteId, leader, 'for');
    await ballot(voteId, deputy, 'for');
    await refused(
      `/votes/${voteId}/ballots`,
      cycle.unit[deputy],
      { unitId: deputy, choice: 'against' },
      409,
      'ALREADY_VOTED',
    );
    await refused(
      `/votes/${voteId}/ballots`,
      cycle.unit[deputy],
      { unitId: member, choice: 'for' },
      403,
      'FORBIDDEN',
    );
    await refused('/leading-unit', cycle.unit[deputy], { unitId: leader, voteId }, 409, 'WRONG_PHASE');
    await accepted(`/votes/${voteId}/close`, cycle.board, {});
    await refused(
      `/votes/${voteId}/ballots`,
      cycle.unit[member],
      { unitId: member, choice: 'for' },
      409,
      'WRONG_PHASE',
    );
    await refused(`/votes/${voteId}/close`, cycle.board, {}, 409, 'WRONG_PHASE');
    expect(await get(`${cycle.path}/votes/${voteId}`, cycle.unit[member])).toEqual({
      voteId,
      subject: 'leading-unit',
      candidate: leader,
      status: 'closed',
      ballots: [
        { unitId: leader, choice: 'for' },
        { unitId: deputy, choice: 'for' },
      ],
      tally: { for: 2, against: 0, abstain: 0, notVoted: 1 },
      passed: true,
    });
  });

  it('honours the leading unit by the closed vote, never by its own staff; the event carries the tally and the vote', async () => {
    const voteId = voteIds.honour;
    await refused('/leading-unit', cycle.unit[leader], { unitId: leader, voteId }, 403, 'FORBIDDEN');
    await accepted('/leading-unit', cycle.unit[deputy], { unitId: leader, voteId });
    const audit = await get(`/api/audit?blocId=${cycle.blocId}&year=${cycle.year}&type=LeadingUnitHonored`);
    expect(audit.items.map((event: { data: unknown }) => event.data)).toEqual([
      {
        blocId: cycle.blocId,
        year: cycle.year,
        unitId: leader,
        votes: { for: 2, against: 0, abstain: 0 },
        voteId,
      },
    ]);
  });

  it('refuses an election by a vote that failed (422), or that was on another office or unit (422)', async () => {
    const failed = await openVote(cycle.unit[leader], 'leader', deputy);
    await ballot(failed, leader, 'for');
    await ballot(failed, deputy, 'against');
    await ballot(failed, member, 'against');
    await accepted(`/votes/${failed}/close`, cycle.unit[leader], {});
    expect((await get(`${cycle.path}/votes/${failed}`)).passed).toBe(false);
    await refused(
      '/elections',
      cycle.unit[leader],
      { role: 'leader', unitId: deputy, voteId: failed },
      422,
      'ELECTION_NOT_PASSED',
    );
    await refused(
      '/elections',
      cycle.unit[leader],
      { role: 'deputy', unitId: deputy, voteId: failed },
      422,
      'VOTE_MISMATCH',
    );
    await refused(
      '/elections',
      cycle.unit[leader],
      { role: 'leader', unitId: member, voteId: failed },
      422,
      'VOTE_MISMATCH',
    );
  });

  it('elects the leader and the deputy by closed votes; own-unit elections stay with the other of leader and deputy', async () => {
    const forLeader = await openVote(cycle.unit[leader], 'leader', member);
    for (const unitId of cycle.units) await ballot(forLeader, unitId, unitId === deputy ? 'abstain' : 'for');
    await accepted(`/votes/${forLeader}/close`, cycle.unit[deputy], {});
    await refused(
      '/elections',
      cycle.unit[member],
      { role: 'leader', unitId: member, voteId: forLeader },
      403,
      'FORBIDDEN',
    );
    await accepted('/elections', cycle.unit[leader], { role: 'leader', unitId: member, voteId: forLeader });

    await refused('/votes', cycle.unit[leader], { subject: 'deputy', candidate: leader }, 403, 'FORBIDDEN');
    const forDeputy = await openVote(cycle.unit[deputy], 'deputy', leader);
    for (const unitId of cycle.units) await ballot(forDeputy, unitId, 'for');
    await accepted(`/votes/${forDeputy}/close`, cycle.unit[deputy], {});
    await refused(
      '/elections',
      cycle.unit[leader],
      { role: 'deputy', unitId: leader, voteId: forDeputy },
      403,
      'FORBIDDEN',
    );
    await accepted('/elections', cycle.unit[deputy], { role: 'deputy', unitId: leader, voteId: forDeputy });
    await refused('/votes', cycle.board, { subject: 'deputy', candidate: deputy }, 409, 'ALREADY_EXISTS');

    const next = await get(`/api/blocs/${cycle.blocId}/leadership/${cycle.year + 1}`);
    expect(next).toMatchObject({ status: 'elected', leader: member, deputy: leader });
    const elected = await get(`/api/audit?blocId=${cycle.blocId}&type=LeaderElected,DeputyElected`);
    expect(elected.items.map((event: { data: { voteId?: string } }) => event.data.voteId)).toEqual([
      forLeader,
      forDeputy,
    ]);
  });

  it("lists the year's votes to its members, and finds each unit's ballots in the audit trail", async () => {
    const votes = await get(`${cycle.path}/votes`, cycle.unit[member]);
    expect(votes.map((vote: { subject: string; passed: boolean }) => [vote.subject, vote.passed])).toEqual([
      ['leading-unit', true],
      ['leader', false],
      ['leader', true],
      ['deputy', true],
    ]);
    const outsider = await e2e.token('unit', 'outsider', 'outsider');
    expect((await e2e.api('GET', `${cycle.path}/votes`, { token: outsider })).status).toBe(403);
    const ballots = await get(
      `/api/audit?blocId=${cycle.blocId}&year=${cycle.year}&unitId=${member}&type=BallotCast`,
    );
    expect(ballots.items).toHaveLength(3);
    const regulations = await get(
      `/api/audit?blocId=${cycle.blocId}&year=${cycle.year}&type=RegulationAdopted`,
    );
    expect(regulations.items).toHaveLength(1);
  });

  it('answers the standings as of the finalizing and as of now alike, with the votes in the log after it', async () => {
    const [finalizing] = (
      await get(`/api/audit?blocId=${cycle.blocId}&year=${cycle.year}&type=ScoringFinalized`)
    ).items as { position: number; recordedAt: string }[];
    expect(await e2e.store.headPosition()).toBeGreaterThan(finalizing.position);
    const now = await get(`${cycle.path}/standings`);
    const then = await get(`${cycle.path}/standings?asOf=${encodeURIComponent(finalizing.recordedAt)}`);
    const asOfNow = await get(`${cycle.path}/standings?asOf=${encodeURIComponent(new Date().toISOString())}`);
    expect(then).toMatchObject({ phase: 'finalized', provisional: false });
    expect(then.units).toEqual(now.units);
    expect(asOfNow.units).toEqual(now.units);
    expect(now.units.map((row: { unitId: string; total: number }) => [row.unitId, row.total])).toEqual([
      [leader, 100],
      [deputy, 80],
      [member, 60],
    ]);
  });

  it('rebuilds the read models from position 0 to the same votes, cycle and ranking', async () => {
    const read = async () => ({
      votes: await get(`${cycle.path}/votes`),
      cycle: await get(cycle.path),
      ranking: await get(`${cycle.path}/ranking`),
    });
    const before = await read();
    await e2e.close({ keepData: true });
    const rebuilt = await rebuild(e2e.config);
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toMatch(/votes: 1 documents/);
    e2e = await startE2eApp({ dataDir: e2e.dataDir, config: e2e.config });
    auditor = await e2e.token('auditor', 'inspector');
    expect(await read()).toEqual(before);
  });

  it('answered as the OpenAPI document says: each status documented, each JSON of its schema', async () => {
    expect(answers.length).toBeGreaterThan(10);
    expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
  });
});

describe('the reference case with roll-call votes (npm run demo -- --votes, e2e)', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("decides 2017's honour and both elections by votes every member cast, and plays again writing nothing", async () => {
    const reference = readReferenceCase();
    const steps = referenceCaseSteps(reference, { votes: true });
    const send = httpCommandSender(e2e.url, e2e.config.authSecret);
    expect((await playSteps(reference, steps, send)).replayed).toBe(0);
    const auditor = await e2e.token('auditor', 'inspector');
    const { bloc, cycle } = reference;
    const path = `/api/blocs/${bloc.id}/cycles/${cycle.year}`;
    const votes = (await e2e.api('GET', `${path}/votes`, { token: auditor })).body as VoteView[];
    const everyMemberFor = bloc.members.map(({ unitId }) => ({ unitId, choice: 'for' }));
    expect(
      votes.map(({ subject, candidate, status, ballots, passed }) => ({
        subject,
        candidate,
        status,
        ballots,
        passed,
      })),
    ).toEqual([
      {
        subject: 'leading-unit',
        candidate: reference.leadingUnit,
        status: 'closed',
        ballots: everyMemberFor,
        passed: true,
      },
      ...reference.elections.map(({ role, unitId }) => ({
        subject: role,
        candidate: unitId,
        status: 'closed',
        ballots: everyMemberFor,
        passed: true,
      })),
    ]);
    const decided = await e2e.api(
      'GET',
      `/api/audit?blocId=${bloc.id}&type=LeadingUnitHonored,LeaderElected,DeputyElected`,
      {
        token: auditor,
      },
    );
    expect(decided.body.items.map((event: { data: { voteId?: string } }) => event.data.voteId)).toEqual(
      votes.map((vote) => vote.voteId),
    );
    const ranking = await e2e.api('GET', `${path}/ranking`, { token: auditor });
    expect(ranking.body.leadingUnit).toBe(reference.leadingUnit);
    const head = await e2e.store.headPosition();
    expect(await playSteps(reference, steps, send)).toEqual({ written: 0, replayed: steps.length });
    expect(await e2e.store.headPosition()).toBe(head);
  });
});
