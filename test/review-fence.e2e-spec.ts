/**
 * Opening the review closes reporting, even for a report decided just before it: reports are
 * written to each unit's own stream, so the review's opening fences those streams first.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cycleStream, unitCycleStream } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { type Api, type E2eApp, startE2eApp } from './support/e2e-app.js';

const BLOC = 'fence-khoi';
const YEAR = 2024;
const CYCLE = `/api/blocs/${BLOC}/cycles/${YEAR}`;
const UNITS = ['so-a', 'so-b'] as const;
const framework = {
  contents: [{ code: '1', title: 'Tasks', criteria: [{ code: '1.1', title: 'Targets', maxPoints: 100 }] }],
};

describe('opening the review while a report is being written (e2e)', () => {
  let e2e: E2eApp;
  let api: Api;
  const unit: Record<string, string> = {};

  beforeAll(async () => {
    e2e = await startE2eApp();
    api = e2e.api;
    const board = await e2e.token('board', 'board-officer');
    for (const id of UNITS) unit[id] = await e2e.token('unit', `${id}-officer`, id);
    const steps: [string, string, unknown][] = [
      [
        '/api/blocs',
        board,
        {
          id: BLOC,
          name: 'Khối e2e',
          province: 'Kiên Giang',
          members: UNITS.map((unitId) => ({ unitId, name: unitId })),
          policy: { rotation: 'strict' },
        },
      ],
      [`/api/blocs/${BLOC}/cycles`, board, { year: YEAR, framework, leader: 'so-a', deputy: 'so-b' }],
      ...UNITS.map((unitId): [string, string, unknown] => [
        `${CYCLE}/targets`,
        // The leader's own targets are set by the deputy.
        unitId === 'so-a' ? unit['so-b']! : unit['so-a']!,
        { unitId, code: 'T1', title: 'T', criterion: '1.1', measure: '%', direction: 'increase', target: 80 },
      ]),
      ...UNITS.map((unitId): [string, string, unknown] => [
        `${CYCLE}/signatures`,
        unit[unitId]!,
        { unitId, signatory: { title: 'Giám đốc' } },
      ]),
    ];
    for (const [path, token, body] of steps) {
      expect((await api('POST', path, { token, body })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps a report decided while the pact was in force ahead of ReviewOpened, and refuses the next', async () => {
    // Hold the report at its append, after it was decided against the cycle in force, while
    // the review opens: ReviewOpened must not get ahead of it.
    const store: EventStore = e2e.store;
    const append = store.append.bind(store);
    let entered!: () => void;
    const reportDecided = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The review's first write, once stored: the fence of the first member when the review
    // waits for the fences, ReviewOpened itself were it not to.
    let reviewWrote!: () => void;
    const reviewWritten = new Promise<void>((resolve) => (reviewWrote = resolve));
    store.append = async (streamId, events, options) => {
      if (events.some((event) => event.type === 'IndicatorReported')) {
        entered();
        await released;
      }
      const result = await append(streamId, events, options);
      if (events.some((event) => event.type === 'ReportingClosed' || event.type === 'ReviewOpened')) {
        reviewWrote();
      }
      return result;
    };
    try {
      const report = api('POST', `${CYCLE}/reports`, {
        token: unit['so-b'],
        body: { unitId: 'so-b', indicator: 'T1', period: `${YEAR}`, value: 90 },
      });
      await reportDecided;
      const review = api('POST', `${CYCLE}/review`, {
        token: unit['so-a'],
        body: { meetingDate: `${YEAR + 1}-01-12` },
      });
      // The review has written while the report is held: had it not waited for the fence of
      // the held unit, that write was ReviewOpened, ahead of the report.
      await reviewWritten;
      release();
      const [reported, opened] = await Promise.all([report, review]);

      expect(opened.status).toBe(201);
      expect(reported.status).toBe(201);
      expect(reported.body.position).toBeLessThan(opened.body.position);
    } finally {
      store.append = append;
    }

    const late = await api('POST', `${CYCLE}/reports`, {
      token: unit['so-a'],
      body: { unitId: 'so-a', indicator: 'T1', period: `${YEAR}`, value: 95 },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('WRONG_PHASE');
    // Every member's stream ends with the fence, which precedes ReviewOpened.
    const [reviewOpened] = (await e2e.store.readStream(cycleStream(BLOC, YEAR))).filter(
      (event) => event.type === 'ReviewOpened',
    );
    for (const unitId of UNITS) {
      const stream = await e2e.store.readStream(unitCycleStream(BLOC, YEAR, unitId));
      const fence = stream.at(-1)!;
      expect(fence).toMatchObject({ type: 'ReportingClosed', data: { blocId: BLOC, year: YEAR, unitId } });
      expect(fence.position).toBeLessThan(reviewOpened!.position);
      expect(fence.metadata.correlationId).toBe(reviewOpened!.metadata.correlationId);
    }
  });
});
