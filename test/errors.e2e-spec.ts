/**
 * Every error class of the API's error table, through the real application. Each refusal is
 * checked to have written nothing: the log's head position does not move.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WrongExpectedRevisionError } from '@app/event-store';
import {
  type ApiResponse,
  type E2eApp,
  type RequestOptions,
  seedCycle,
  type SmallCycle,
  startE2eApp,
} from './support/e2e-app.js';
import { LogCapture } from './support/log-capture.js';
import { refusedWithoutWrites } from './support/refusal.js';

describe('error answers (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;
  const log = new LogCapture();

  beforeAll(async () => {
    e2e = await startE2eApp({ logDestination: log, config: { logLevel: 'error' } });
    cycle = await seedCycle(e2e, 'errors');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** Sends the request and returns its answer, asserting the error's shape and that the log did not grow. */
  const refused = (method: string, path: string, options: RequestOptions): Promise<ApiResponse> =>
    refusedWithoutWrites(e2e, method, path, options);

  describe('400 VALIDATION_FAILED', () => {
    it('refuses malformed JSON', async () => {
      const response = await refused('POST', '/api/blocs', { token: cycle.board, body: '{"id": "x",' });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details).toEqual({ body: [expect.any(String)] });
    });

    it('names each missing, extra, mistyped and out-of-range field', async () => {
      const response = await refused('POST', '/api/blocs', {
        token: cycle.board,
        body: {
          id: 'Not An Id',
          members: [{ unitId: 'ok', name: 7 }],
          policy: { rotation: 'sometimes' },
          colour: 'red',
        },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details).sort()).toEqual([
        'colour',
        'id',
        'members.0.name',
        'name',
        'policy.rotation',
      ]);
    });

    it('refuses points with more than two decimals and negative votes', async () => {
      const points = await refused('POST', `${cycle.path}/scores`, {
        token: cycle.board,
        body: { unitId: cycle.units[0], criterion: '1.1', points: 10.125 },
      });
      expect(points.status).toBe(400);
      expect(Object.keys(points.body.details)).toEqual(['points']);

      const votes = await refused('POST', `${cycle.path}/elections`, {
        token: cycle.board,
        body: { role: 'leader', unitId: cycle.units[1], votes: { for: 2.5, against: -1, abstain: 0 } },
      });
      expect(votes.status).toBe(400);
      expect(Object.keys(votes.body.details).sort()).toEqual(['votes.against', 'votes.for']);
    });

    it('refuses a bad year or id in the path', async () => {
      const year = await refused('POST', `/api/blocs/${cycle.blocId}/cycles/20x4/review`, {
        token: cycle.board,
        body: { meetingDate: '2025-01-12' },
      });
      expect(year.status).toBe(400);
      expect(Object.keys(year.body.details)).toEqual(['year']);

      const bloc = await refused('POST', '/api/blocs/Bad_Bloc/members', {
        token: cycle.board,
        body: { unitId: 'x', name: 'X' },
      });
      expect(bloc.status).toBe(400);
      expect(Object.keys(bloc.body.details)).toEqual(['blocId']);
    });

    it('refuses a body on a command that takes none, and a malformed correlation id', async () => {
      const finalize = await refused('POST', `${cycle.path}/scoring/finalize`, {
        token: cycle.board,
        body: { force: true },
      });
      expect(finalize.status).toBe(400);
      expect(Object.keys(finalize.body.details)).toEqual(['force']);

      const correlation = await refused('POST', `${cycle.path}/close`, {
        token: cycle.board,
        body: {},
        headers: { 'x-correlation-id': 'has spaces and is rejected' },
      });
      expect(correlation.status).toBe(400);
      expect(Object.keys(correlation.body.details)).toEqual(['x-correlation-id']);
    });
  });

  it('401 UNAUTHENTICATED without a token', async () => {
    const response = await refused('POST', '/api/blocs', {
      body: { id: 'x', name: 'X', members: [{ unitId: 'a', name: 'A' }] },
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('403 FORBIDDEN for a role or unit that may not act', async () => {
    const auditor = await refused('POST', `${cycle.path}/targets`, {
      token: await e2e.token('auditor', 'inspector'),
      body: {
        unitId: cycle.units[2],
        code: 'T2',
        title: 'T',
        criterion: '1.1',
        measure: '%',
        direction: 'increase',
        target: 1,
      },
    });
    expect(auditor.status).toBe(403);
    expect(auditor.body.code).toBe('FORBIDDEN');

    const otherUnit = await refused('POST', `${cycle.path}/signatures`, {
      token: cycle.unit[cycle.units[2]!],
      body: { unitId: cycle.units[1], signatory: { title: 'Giám đốc' } },
    });
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body.code).toBe('FORBIDDEN');
  });

  describe('404 NOT_FOUND', () => {
    it('for an unknown bloc or year in the path', async () => {
      const bloc = await refused('POST', '/api/blocs/no-such-bloc/members', {
        token: cycle.board,
        body: { unitId: 'x', name: 'X' },
      });
      expect([bloc.status, bloc.body.code]).toEqual([404, 'NOT_FOUND']);

      const year = await refused('POST', `/api/blocs/${cycle.blocId}/cycles/2099/review`, {
        token: cycle.board,
        body: { meetingDate: '2100-01-12' },
      });
      expect([year.status, year.body.code]).toEqual([404, 'NOT_FOUND']);

      const openUnknown = await refused('POST', '/api/blocs/no-such-bloc/cycles', {
        token: cycle.board,
        body: {
          year: 2024,
          framework: {
            contents: [{ code: '1', title: 'T', criteria: [{ code: '1.1', title: 'C', maxPoints: 10 }] }],
          },
        },
      });
      expect([openUnknown.status, openUnknown.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('for a unit in the path that is no member', async () => {
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/members/stranger/withdraw`, {
        token: cycle.board,
        body: { reason: 'Never joined' },
      });
      expect([response.status, response.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('for an unknown route', async () => {
      const response = await refused('POST', '/api/no-such-thing', { token: cycle.board, body: {} });
      expect([response.status, response.body.code]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('409', () => {
    it('WRONG_PHASE for a command the phase does not allow', async () => {
      const response = await refused('POST', `${cycle.path}/reports`, {
        token: cycle.unit[cycle.units[0]!],
        body: { unitId: cycle.units[0], indicator: 'T1', period: '2024', value: 90 },
      });
      expect([response.status, response.body.code]).toEqual([409, 'WRONG_PHASE']);
    });

    it('ALREADY_EXISTS for a bloc registered twice', async () => {
      const response = await refused('POST', '/api/blocs', {
        token: cycle.board,
        body: { id: cycle.blocId, name: 'Again', members: [{ unitId: 'a', name: 'A' }] },
      });
      expect([response.status, response.body.code]).toEqual([409, 'ALREADY_EXISTS']);
    });

    it('CONFLICT when the stream keeps changing under the command, after a bounded number of attempts', async () => {
      const append = jest
        .spyOn(e2e.store, 'append')
        .mockRejectedValue(new WrongExpectedRevisionError('cycle-errors:2024', 0, 1));
      try {
        const response = await refused('POST', `${cycle.path}/targets`, {
          token: cycle.board,
          body: {
            unitId: cycle.units[0],
            code: 'T9',
            title: 'T',
            criterion: '1.1',
            measure: '%',
            direction: 'increase',
            target: 5,
          },
        });
        expect([response.status, response.body.code]).toEqual([409, 'CONFLICT']);
        expect(append).toHaveBeenCalledTimes(5);
      } finally {
        append.mockRestore();
      }
    });
  });

  it('413 PAYLOAD_TOO_LARGE for a body over 1 MiB', async () => {
    const response = await refused('POST', `${cycle.path}/reports`, {
      token: cycle.unit[cycle.units[0]!],
      body: {
        unitId: cycle.units[0],
        indicator: 'T1',
        period: '2024',
        value: 1,
        note: 'x'.repeat(1024 * 1024),
      },
    });
    expect([response.status, response.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  describe('422 for a well-formed command a domain rule refuses', () => {
    it('UNKNOWN_CRITERION and NOT_A_MEMBER', async () => {
      const criterion = await refused('POST', `${cycle.path}/targets`, {
        token: cycle.board,
        body: {
          unitId: cycle.units[0],
          code: 'T2',
          title: 'T',
          criterion: '9.9',
          measure: '%',
          direction: 'increase',
          target: 1,
        },
      });
      expect([criterion.status, criterion.body.code]).toEqual([422, 'UNKNOWN_CRITERION']);

      const member = await refused('POST', `${cycle.path}/targets`, {
        token: cycle.board,
        body: {
          unitId: 'stranger',
          code: 'T2',
          title: 'T',
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 1,
        },
      });
      expect([member.status, member.body.code]).toEqual([422, 'NOT_A_MEMBER']);
    });

    it('POINTS_OUT_OF_RANGE and REASON_REQUIRED in the review', async () => {
      const review = await seedCycle(e2e, 'errors-review', { phase: 'review' });
      const [, second, third] = review.units;
      const tooMany = await refused('POST', `${review.path}/scores`, {
        token: review.board,
        body: { unitId: second, criterion: '1.1', points: 60.01 },
      });
      expect([tooMany.status, tooMany.body.code]).toEqual([422, 'POINTS_OUT_OF_RANGE']);

      const first = await e2e.api('POST', `${review.path}/scores`, {
        token: review.board,
        body: { unitId: third, criterion: '1.1', points: 50 },
      });
      expect(first.status).toBe(201);
      const revision = await refused('POST', `${review.path}/scores`, {
        token: review.board,
        body: { unitId: third, criterion: '1.1', points: 55 },
      });
      expect([revision.status, revision.body.code]).toEqual([422, 'REASON_REQUIRED']);
    });
  });

  it('500 INTERNAL with a generic message when something unexpected breaks, the cause going to the log', async () => {
    const append = jest
      .spyOn(e2e.store, 'append')
      .mockRejectedValue(new Error('disk on fire at /var/lib/secret.db'));
    try {
      const response = await refused('POST', `${cycle.path}/targets`, {
        token: cycle.board,
        headers: { 'x-correlation-id': 'errors-spec-disk-on-fire' },
        body: {
          unitId: cycle.units[0],
          code: 'T3',
          title: 'T',
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 5,
        },
      });
      expect(response.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'internal error' });
      // Through the request's logger: the cause, with the correlation id, principal and command.
      expect(log.lines().filter((line) => line.correlationId === 'errors-spec-disk-on-fire')).toEqual([
        expect.objectContaining({
          context: 'ErrorFilter',
          msg: expect.stringContaining('disk on fire'),
          principal: expect.objectContaining({ role: 'board' }),
          command: 'SetIndicatorTarget',
        }),
        expect.objectContaining({ msg: 'request failed', status: 500 }),
      ]);
    } finally {
      append.mockRestore();
    }
  });
});
