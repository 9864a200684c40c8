/**
 * The annual cycle through the HTTP API, every command once, on a small bloc of three units,
 * against the real application and a real SQLite store.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cycleStream, EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { type Api, type E2eApp, startE2eApp } from './support/e2e-app.js';

const BLOC = 'e2e-khoi';
const YEAR = 2024;
const CYCLE = `/api/blocs/${BLOC}/cycles/${YEAR}`;
const UNITS = ['so-a', 'so-b', 'so-c'] as const;

const framework = {
  contents: [
    {
      code: '1',
      title: 'Political tasks',
      criteria: [
        { code: '1.1', title: 'Targets', maxPoints: 60 },
        { code: '1.B', title: 'Bonus', maxPoints: 10, kind: 'bonus' },
      ],
    },
    { code: '2', title: 'Building', criteria: [{ code: '2.1', title: 'Organisation', maxPoints: 40 }] },
  ],
};

/** Points per unit and standard criterion: so-b leads. */
const POINTS: Record<string, Record<string, number>> = {
  'so-a': { '1.1': 50.25, '2.1': 30 },
  'so-b': { '1.1': 58.5, '2.1': 35.1 },
  'so-c': { '1.1': 40, '2.1': 20.2 },
};

describe('the annual cycle as commands (e2e)', () => {
  let e2e: E2eApp;
  let api: Api;
  let board: string;
  const unit: Record<string, string> = {};

  beforeAll(async () => {
    e2e = await startE2eApp();
    api = e2e.api;
    board = await e2e.token('board', 'board-officer');
    for (const id of UNITS) unit[id] = await e2e.token('unit', `${id}-officer`, id);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** Sends a command and expects it accepted with exactly these events. */
  async function accepted(
    path: string,
    token: string,
    body: unknown,
    events: string[],
    headers?: Record<string, string>,
  ) {
    const response = await api('POST', path, { token, body, headers });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 201,
      body: { position: expect.any(Number), events },
    });
    return response;
  }

  describe('a bloc-year from registration to closing, each command writing its events', () => {
    // Each phase builds on the one before: the `it`s run in order on the same bloc.
    let registered: Awaited<ReturnType<typeof accepted>>;

    it('registers the bloc, then admits two members and withdraws one', async () => {
      registered = await accepted(
        '/api/blocs',
        board,
        {
          id: BLOC,
          name: 'Khối thi đua e2e',
          province: 'Kiên Giang',
          members: [
            { unitId: 'so-a', name: 'Sở A' },
            { unitId: 'so-b', name: 'Sở B' },
          ],
          policy: { rotation: 'strict' },
        },
        ['BlocRegistered'],
      );
      await accepted(`/api/blocs/${BLOC}/members`, board, { unitId: 'so-c', name: 'Sở C' }, [
        'MemberAdmitted',
      ]);
      await accepted(`/api/blocs/${BLOC}/members`, board, { unitId: 'so-x', name: 'Sở X' }, [
        'MemberAdmitted',
      ]);
      await accepted(`/api/blocs/${BLOC}/members/so-x/withdraw`, board, { reason: 'Merged into Sở A' }, [
        'MemberWithdrawn',
      ]);
    });

    it('opens the cycle after the registration', async () => {
      const opened = await accepted(
        `/api/blocs/${BLOC}/cycles`,
        board,
        { year: YEAR, framework, leader: 'so-a', deputy: 'so-b' },
        ['CycleOpened'],
      );
      expect(opened.body.position).toBeGreaterThan(registered.body.position);
    });

    it("sets the targets: the leader's officer, and the deputy's for the leader's own", async () => {
      // The leader's officer sets the targets; the deputy's sets the leader's own.
      for (const id of UNITS) {
        await accepted(
          `${CYCLE}/targets`,
          id === 'so-a' ? unit['so-b']! : unit['so-a']!,
          {
            unitId: id,
            code: 'T1',
            title: 'Records digitised',
            criterion: '1.1',
            measure: '%',
            direction: 'increase',
            target: 80,
          },
          ['IndicatorTargetSet'],
        );
      }
    });

    it("takes each unit's signature; the last one puts the pact in force", async () => {
      // Each unit signs for itself; the last signature puts the pact in force.
      await accepted(
        `${CYCLE}/signatures`,
        unit['so-a']!,
        { unitId: 'so-a', signatory: { title: 'Giám đốc' } },
        ['PactSigned'],
      );
      await accepted(
        `${CYCLE}/signatures`,
        unit['so-b']!,
        { unitId: 'so-b', signatory: { title: 'Giám đốc', name: 'Trần B' } },
        ['PactSigned'],
      );
      await accepted(
        `${CYCLE}/signatures`,
        unit['so-c']!,
        { unitId: 'so-c', signatory: { title: 'Phó Giám đốc' } },
        ['PactSigned', 'PactInForce'],
      );
    });

    it("records each unit's reports and a self-assessment", async () => {
      for (const [index, id] of UNITS.entries()) {
        await accepted(
          `${CYCLE}/reports`,
          unit[id]!,
          { unitId: id, indicator: 'T1', period: `${YEAR}-H1`, value: 40 + index },
          ['IndicatorReported'],
        );
        await accepted(
          `${CYCLE}/reports`,
          unit[id]!,
          { unitId: id, indicator: 'T1', period: `${YEAR}`, value: 85 + index, note: 'Year end' },
          ['IndicatorReported'],
        );
      }
      await accepted(
        `${CYCLE}/self-assessments`,
        unit['so-b']!,
        { unitId: 'so-b', scores: [{ criterion: '1.1', points: 59 }] },
        ['SelfAssessmentSubmitted'],
      );
    });

    it("opens the review and records the scores: the leader's of the others, the deputy's of the leader, the board's with a reason", async () => {
      await accepted(
        `${CYCLE}/review`,
        unit['so-a']!,
        { meetingDate: `${YEAR + 1}-01-12`, venue: 'Hội trường Sở A' },
        ['ReviewOpened'],
      );

      // The leader (so-a) scores the others; its own unit is scored by the deputy (so-b).
      for (const id of UNITS) {
        const scorer = id === 'so-a' ? unit['so-b']! : unit['so-a']!;
        for (const [criterion, points] of Object.entries(POINTS[id]!)) {
          await accepted(`${CYCLE}/scores`, scorer, { unitId: id, criterion, points }, ['ScoreAwarded']);
        }
      }
      await accepted(`${CYCLE}/scores`, unit['so-a']!, { unitId: 'so-b', criterion: '1.B', points: 5 }, [
        'ScoreAwarded',
      ]);
      await accepted(
        `${CYCLE}/scores`,
        board,
        { unitId: 'so-c', criterion: '2.1', points: 21.3, reason: 'Dossier completed after the meeting' },
        ['ScoreAwarded'],
      );
    });

    it("finalizes the scoring, honours the leading unit and elects next year's leader and deputy", async () => {
      await accepted(`${CYCLE}/scoring/finalize`, unit['so-a']!, {}, ['ScoringFinalized']);
      await accepted(
        `${CYCLE}/leading-unit`,
        unit['so-a']!,
        { unitId: 'so-b', votes: { for: 3, against: 0, abstain: 0 } },
        ['LeadingUnitHonored'],
      );
      await accepted(
        `${CYCLE}/elections`,
        // Not so-b's own staff: no unit records its own election.
        unit['so-a']!,
        { role: 'leader', unitId: 'so-b', votes: { for: 3, against: 0, abstain: 0 } },
        ['LeaderElected'],
      );
      await accepted(
        `${CYCLE}/elections`,
        unit['so-a']!,
        { role: 'deputy', unitId: 'so-c', votes: { for: 2, against: 1, abstain: 0 } },
        ['DeputyElected'],
      );
    });

    it('closes the cycle with the last event of the log', async () => {
      const closed = await accepted(`${CYCLE}/close`, unit['so-a']!, {}, ['CycleClosed']);
      expect(closed.body.position).toBe(await e2e.store.headPosition());
    });

    it('opens the next year with the elected leadership, without naming it', async () => {
      await accepted(`/api/blocs/${BLOC}/cycles`, board, { year: YEAR + 1, framework }, ['CycleOpened']);
      const [next] = await e2e.store.readStream(cycleStream(BLOC, YEAR + 1));
      expect(next?.data).toMatchObject({
        leader: 'so-b',
        deputy: 'so-c',
        leadershipHistory: [{ year: YEAR, leader: 'so-a', deputy: 'so-b' }],
      });
    });
  });

  it('records the actor, the correlation id, the causation id, the reason and the schema version on every event', async () => {
    const correlationId = 'meeting-2025-01-12.membership';
    // The cycle is closed by now: a refused command still echoes the correlation id.
    const refused = await api('POST', `${CYCLE}/scores`, {
      token: board,
      body: { unitId: 'so-c', criterion: '1.1', points: 41, reason: 'Late evidence' },
      headers: { 'x-correlation-id': correlationId },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('x-correlation-id')).toBe(correlationId);

    const withdrawn = await api('POST', `/api/blocs/${BLOC}/members/so-c/withdraw`, {
      token: board,
      body: { reason: 'Moved to bloc 2 after the merger' },
      headers: { 'x-correlation-id': correlationId },
    });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.headers.get('x-correlation-id')).toBe(correlationId);

    const [event] = await e2e.store.readAll({ after: withdrawn.body.position - 1, maxCount: 1 });
    expect(event).toMatchObject({
      type: 'MemberWithdrawn',
      data: { blocId: BLOC, unitId: 'so-c', reason: 'Moved to bloc 2 after the merger' },
      metadata: {
        actor: { sub: 'board-officer', role: 'board' },
        correlationId,
        causationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        reason: 'Moved to bloc 2 after the merger',
        schemaVersion: EVENT_SCHEMA_VERSIONS.MemberWithdrawn,
      },
    });
  });

  it('generates a correlation id when the client sends none, and returns it', async () => {
    const response = await api('POST', `/api/blocs/${BLOC}/members`, {
      token: board,
      body: { unitId: 'so-d', name: 'Sở D' },
    });
    expect(response.status).toBe(201);
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await e2e.store.readAll({ after: response.body.position - 1, maxCount: 1 });
    expect(event?.metadata.correlationId).toBe(correlationId);
  });

  it('describes every command in the OpenAPI document, with bearer auth and examples', async () => {
    const response = await api('GET', '/docs-json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const commandPaths = [
      '/api/blocs',
      '/api/blocs/{blocId}/members',
      '/api/blocs/{blocId}/members/{unitId}/withdraw',
      '/api/blocs/{blocId}/cycles',
      ...['targets', 'signatures', 'reports', 'self-assessments', 'review', 'scores', 'scoring/finalize']
        .concat(['leading-unit', 'elections', 'close'])
        .map((route) => `/api/blocs/{blocId}/cycles/{year}/${route}`),
    ];
    for (const path of commandPaths) {
      expect({ path, responses: Object.keys(document.paths[path]?.post?.responses ?? {}) }).toEqual({
        path,
        responses: expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422']),
      });
    }
    expect(document.components.schemas.AwardScoreDto.properties.points.example).toBe(249.5);
  });
});
