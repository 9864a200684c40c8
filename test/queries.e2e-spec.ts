/**
 * The query side over HTTP against the real application: validation, unknown blocs and years,
 * the ranking's phase rule, who may read what, audit paging, read-your-writes and health.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectorModule } from '../apps/projector/src/projector.module.js';
import { type ApiResponse, type E2eApp, startE2eApp } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer, recordingAnswers } from './support/openapi-answers.js';

const BLOC = 'song-hau';
const OTHER_BLOC = 'cuu-long';
const YEAR = 2024;
const members = [
  { unitId: 'alpha', name: 'Sở Alpha' },
  { unitId: 'beta', name: 'Sở Beta' },
  { unitId: 'gamma', name: 'Sở Gamma' },
];
const framework = {
  contents: [
    {
      code: '1',
      title: 'Nhiệm vụ chính trị',
      criteria: [{ code: '1.1', title: 'Chỉ tiêu', maxPoints: 100 }],
    },
  ],
};

describe('queries', () => {
  let e2e: E2eApp;
  /** Every answer below, refusals included, checked against the served OpenAPI document at the end. */
  const answers: RecordedAnswer[] = [];
  let boardToken: string;
  let auditorToken: string;

  const as = (token: string) => ({ token });
  const expectRefused = async (
    path: string,
    token: string,
    status: number,
    code: string,
  ): Promise<unknown> => {
    const response = await e2e.api('GET', path, as(token));
    expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status, code });
    return response.body;
  };

  beforeAll(async () => {
    e2e = recordingAnswers(await startE2eApp(), answers);
    boardToken = await e2e.token('board', 'board-officer');
    auditorToken = await e2e.token('auditor', 'inspector');
    const command = async (path: string, body: unknown): Promise<void> => {
      const response = await e2e.api('POST', path, { token: boardToken, body });
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    await command('/api/blocs', { id: BLOC, name: 'Khối Sông Hậu', province: 'Cần Thơ', members });
    await command('/api/blocs', {
      id: OTHER_BLOC,
      name: 'Khối Cửu Long',
      province: 'Vĩnh Long',
      members: [
        { unitId: 'delta', name: 'Sở Delta' },
        { unitId: 'epsilon', name: 'Sở Epsilon' },
      ],
    });
    await command(`/api/blocs/${BLOC}/cycles`, { year: YEAR, framework, leader: 'alpha', deputy: 'beta' });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  describe('validation (400)', () => {
    it.each([
      ['a bloc id outside the id alphabet', '/api/blocs/Song_Hau', 'blocId'],
      ['a year that is not a number', `/api/blocs/${BLOC}/cycles/twenty`, 'year'],
      ['a year out of range', `/api/blocs/${BLOC}/cycles/99999/standings`, 'year'],
      ['asOf that is not a date', `/api/blocs/${BLOC}/cycles/${YEAR}/standings?asOf=yesterday`, 'asOf'],
      [
        'asOf on a day the calendar lacks',
        `/api/blocs/${BLOC}/cycles/${YEAR}/standings?asOf=2024-02-30`,
        'asOf',
      ],
      [
        'asOf with a time but no offset',
        `/api/blocs/${BLOC}/cycles/${YEAR}/standings?asOf=2024-01-12T09:00`,
        'asOf',
      ],
      ['an unknown query parameter', `/api/blocs/${BLOC}/cycles/${YEAR}/standings?at=2024-01-12`, 'at'],
      ['limit 0', '/api/audit?limit=0', 'limit'],
      ['limit over 1000', '/api/audit?limit=1001', 'limit'],
      ['limit that is not a number', '/api/audit?limit=ten', 'limit'],
      ['a negative cursor', '/api/audit?after=-1', 'after'],
      ['an unknown event type', '/api/audit?type=ScoreAwarded,ScoreInvented', 'type'],
      ['from that is not a date', '/api/audit?from=last-week', 'from'],
    ])('refuses %s', async (_, path, field) => {
      const body = (await expectRefused(path, boardToken, 400, 'VALIDATION_FAILED')) as { details: object };
      expect(body.details).toHaveProperty([field]);
    });

    it('accepts the documented forms of asOf and of the audit filters', async () => {
      for (const asOf of ['2024-01-12', '2999-01-12T09:00:00Z', '2999-01-12T16:00:00.123+07:00']) {
        const path = `/api/blocs/${BLOC}/cycles/${YEAR}/standings?asOf=${encodeURIComponent(asOf)}`;
        const { status } = await e2e.api('GET', path, as(boardToken));
        // Before the cycle opened there are no standings; after, there are.
        expect({ asOf, status }).toEqual({ asOf, status: asOf === '2024-01-12' ? 404 : 200 });
      }
      const { status } = await e2e.api(
        'GET',
        `/api/audit?blocId=${BLOC}&year=${YEAR}&unitId=alpha&actor=board-officer&type=BlocRegistered,CycleOpened` +
          '&from=2020-01-01&to=2999-01-01T00:00:00Z&after=0&limit=1000',
        as(auditorToken),
      );
      expect(status).toBe(200);
    });
  });

  describe('unknown blocs and years (404)', () => {
    it.each([
      '/api/blocs/atlantis',
      '/api/blocs/atlantis/cycles/2024',
      `/api/blocs/${BLOC}/cycles/1999`,
      `/api/blocs/${BLOC}/cycles/1999/standings`,
      `/api/blocs/${BLOC}/cycles/1999/ranking`,
      '/api/blocs/atlantis/leadership',
      `/api/blocs/${BLOC}/leadership/1990`,
    ])('GET %s', async (path) => {
      await expectRefused(path, boardToken, 404, 'NOT_FOUND');
    });
  });

  it('refuses the ranking before scoring is finalized (409), while the standings are provisional', async () => {
    await expectRefused(`/api/blocs/${BLOC}/cycles/${YEAR}/ranking`, boardToken, 409, 'WRONG_PHASE');
    const standings = await e2e.api('GET', `/api/blocs/${BLOC}/cycles/${YEAR}/standings`, as(boardToken));
    expect(standings.body).toMatchObject({ blocId: BLOC, year: YEAR, phase: 'signing', provisional: true });
    expect(standings.body.units.map((row: { unitId: string }) => row.unitId)).toEqual(
      members.map((m) => m.unitId),
    );
  });

  describe('who reads what', () => {
    const blocReads = [
      `/api/blocs/${BLOC}/cycles/${YEAR}`,
      `/api/blocs/${BLOC}/cycles/${YEAR}/standings`,
      `/api/blocs/${BLOC}/leadership`,
      `/api/blocs/${BLOC}/leadership/${YEAR + 1}`,
    ];

    it("lets a unit officer read its own bloc's cycle, standings and leadership", async () => {
      const member = await e2e.token('unit', 'alpha-officer', 'alpha');
      for (const path of blocReads) {
        const { status } = await e2e.api('GET', path, as(member));
        expect({ path, status }).toEqual({ path, status: 200 });
      }
    });

    it("refuses a unit officer another bloc's cycle, standings, ranking and leadership (403)", async () => {
      const outsider = await e2e.token('unit', 'delta-officer', 'delta');
      for (const path of [...blocReads, `/api/blocs/${BLOC}/cycles/${YEAR}/ranking`]) {
        await expectRefused(path, outsider, 403, 'FORBIDDEN');
      }
    });

    it('keeps the audit trail to the board and auditors', async () => {
      const member = await e2e.token('unit', 'alpha-officer', 'alpha');
      await expectRefused('/api/audit', member, 403, 'FORBIDDEN');
      await expectRefused('/api/audit/verify', member, 403, 'FORBIDDEN');
      for (const token of [boardToken, auditorToken]) {
        expect((await e2e.api('GET', '/api/audit', as(token))).status).toBe(200);
        expect((await e2e.api('GET', '/api/audit/verify', as(token))).body).toMatchObject({ ok: true });
      }
    });

    it('asks for a token everywhere but health (401)', async () => {
      const { status, body } = await e2e.api('GET', `/api/blocs/${BLOC}`);
      expect({ status, code: body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  it('pages through the audit trail with the `next` cursor: every event once, in log order', async () => {
    const all = await e2e.api('GET', '/api/audit?limit=1000', as(auditorToken));
    const positions = (all.body.items as { position: number }[]).map((event) => event.position);
    expect(positions.length).toBeGreaterThanOrEqual(3);
    expect(all.body.next).toBeNull();

    const paged: number[] = [];
    let pages = 0;
    for (let after: number | null = 0; after !== null; pages += 1) {
      const page: ApiResponse = await e2e.api('GET', `/api/audit?limit=2&after=${after}`, as(auditorToken));
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...(page.body.items as { position: number }[]).map((event) => event.position));
      after = page.body.next;
    }
    expect(paged).toEqual(positions);
    expect(pages).toBe(Math.ceil(positions.length / 2));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const bloc = await e2e.api('GET', `/api/audit?blocId=${OTHER_BLOC}`, as(auditorToken));
    expect(bloc.body.items.map((event: { type: string }) => event.type)).toEqual(['BlocRegistered']);
  });

  it("reflects a command in the next query, without waiting on the caller's side", async () => {
    for (const unitId of ['ninh-kieu', 'cai-rang', 'o-mon']) {
      const admitted = await e2e.api('POST', `/api/blocs/${OTHER_BLOC}/members`, {
        token: boardToken,
        body: { unitId, name: `Quận ${unitId}` },
      });
      expect(admitted.status).toBe(201);
      const bloc = await e2e.api('GET', `/api/blocs/${OTHER_BLOC}`, as(boardToken));
      expect(bloc.body.members.map((member: { unitId: string }) => member.unitId)).toContain(unitId);
    }
    const signer = await e2e.token('unit', 'gamma-officer', 'gamma');
    const signed = await e2e.api('POST', `/api/blocs/${BLOC}/cycles/${YEAR}/signatures`, {
      token: signer,
      body: { unitId: 'gamma', signatory: { title: 'Giám đốc' } },
    });
    expect(signed.status).toBe(201);
    const cycle = await e2e.api('GET', `/api/blocs/${BLOC}/cycles/${YEAR}`, as(signer));
    expect(cycle.body.members).toContainEqual({ unitId: 'gamma', name: 'Sở Gamma', signed: true });
  });

  it('answers health, liveness and readiness without a token', async () => {
    const health = await e2e.api('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', store: 'sqlite' });
    const names = (health.body.projections as { name: string }[]).map((projection) => projection.name);
    expect(names).toEqual(expect.arrayContaining(['blocs', 'cycles', 'standings', 'leadership', 'audit']));

    expect(await e2e.api('GET', '/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await e2e.api('GET', '/api/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
  });

  it('answered everything above as the served OpenAPI document describes it', async () => {
    expect(new Set(answers.map((answer) => answer.status)).size).toBeGreaterThan(3);
    expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
  });
});

describe('queries with PROJECTIONS=off: the read models are fed by a projector elsewhere', () => {
  let e2e: E2eApp;
  let projector: INestApplicationContext | undefined;

  beforeAll(async () => {
    e2e = await startE2eApp({ config: { projections: 'off' } });
  });

  afterAll(async () => {
    await projector?.close();
    await e2e?.close();
  });

  it('answers 503 rather than stale data while no projector runs', async () => {
    const board = await e2e.token('board', 'board-officer');
    const registered = await e2e.api('POST', '/api/blocs', {
      token: board,
      body: { id: BLOC, name: 'Khối Sông Hậu', province: 'Cần Thơ', members },
    });
    expect(registered.status).toBe(201);

    const { status, body } = await e2e.api('GET', '/api/blocs', { token: board });
    expect({ status, code: body.code }).toEqual({ status: 503, code: 'PROJECTION_LAG' });

    const health = await e2e.api('GET', '/api/health');
    expect(health.body.projections).toContainEqual({ name: 'blocs', position: 0, lag: 1 });
  });

  it("follows the projector's checkpoints: a query right after a command reflects it", async () => {
    // The projector of `npm run start:projector`, in this process but on its own connections.
    projector = await NestFactory.createApplicationContext(
      ProjectorModule.forRoot({ ...e2e.config, projections: 'on' }),
      {
        logger: ['error'],
      },
    );
    const board = await e2e.token('board', 'board-officer');
    expect((await e2e.api('GET', '/api/blocs', { token: board })).status).toBe(200);

    for (const unitId of ['ninh-kieu', 'cai-rang', 'o-mon']) {
      const admitted = await e2e.api('POST', `/api/blocs/${BLOC}/members`, {
        token: board,
        body: { unitId, name: `Quận ${unitId}` },
      });
      expect(admitted.status).toBe(201);
      const bloc = await e2e.api('GET', `/api/blocs/${BLOC}`, { token: board });
      expect(bloc.body.members.map((member: { unitId: string }) => member.unitId)).toContain(unitId);
    }
  });
});
