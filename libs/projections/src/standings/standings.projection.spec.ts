import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@app/domain';
import { cycleKey, evolveRun, foldDocuments } from '../projection.js';
import { referenceCase, referenceLog, type ReferenceStage } from '../testing/reference-log.js';
import { pointsByCriterion, standingsProjection, type StandingsDocument } from './standings.projection.js';
import { rankingView, standingsView } from './standings.view.js';

const { bloc, cycle } = referenceCase;
const key = cycleKey(bloc.id, cycle.year);

function standingsAfter(events: readonly DomainEvent[]): StandingsDocument {
  const document = foldDocuments(standingsProjection, events).get(key);
  if (document === undefined) throw new Error('no standings document');
  return document;
}

const eventsUntil = (stage: ReferenceStage): DomainEvent[] =>
  referenceLog(stage).map((logged) => logged.event);

describe('StandingsProjection', () => {
  it('ranks the reference case as published (Labour 961.5 first, Culture 831.3 last)', () => {
    const view = standingsView(standingsAfter(eventsUntil('closed')));
    expect(view).toMatchObject({ blocId: bloc.id, year: 2017, phase: 'closed', provisional: false });
    expect(
      view.units.map(({ rank, unitId, total, byContent, indicators }) => ({
        rank,
        unitId,
        total,
        byContent,
        indicators,
      })),
    ).toEqual(referenceCase.expected.ranking);
  });

  it('is provisional while the review scores, with the points awarded so far', () => {
    const view = standingsView(standingsAfter(eventsUntil('scored')));
    expect(view).toMatchObject({ phase: 'review', provisional: true });
    expect(view.units[0]).toMatchObject({ unitId: 'lao-dong', total: 961.5 });
  });

  it('counts indicators before any score: assigned from targets, reported from reports', () => {
    const opened = standingsView(standingsAfter(eventsUntil('opened')));
    expect(opened.units.every((row) => row.indicators.assigned === 5 && row.indicators.reported === 0)).toBe(
      true,
    );
    expect(opened.units.every((row) => row.total === 0 && row.rank === 1)).toBe(true);
    const reported = standingsView(standingsAfter(eventsUntil('reported')));
    expect(reported.units.find((row) => row.unitId === 'khoa-hoc')?.indicators).toEqual({
      assigned: 5,
      reported: 5,
      met: 5,
      exceeded: 4,
    });
  });

  it('replaces an award when it is revised, instead of adding it', () => {
    const base = eventsUntil('scored');
    const revision: DomainEvent = {
      type: 'ScoreAwarded',
      data: {
        blocId: bloc.id,
        year: 2017,
        unitId: 'van-hoa',
        criterion: '3.1',
        points: 20.5,
        previousPoints: 10,
      },
    };
    const before = standingsView(standingsAfter(base)).units.find((row) => row.unitId === 'van-hoa');
    const after = standingsView(standingsAfter([...base, revision])).units.find(
      (row) => row.unitId === 'van-hoa',
    );
    const awardedBefore =
      referenceCase.scores.find((s) => s.unitId === 'van-hoa' && s.criterion === '3.1')?.points ?? 0;
    expect(after?.total).toBe(Math.round(((before?.total ?? 0) - awardedBefore + 20.5) * 100) / 100);
    expect(after?.byContent['3']).toBe(
      Math.round(((before?.byContent['3'] ?? 0) - awardedBefore + 20.5) * 100) / 100,
    );
  });

  it('keeps the facts of a unit whatever its id, "__proto__" included, without touching the previous document', () => {
    const base = eventsUntil('opened');
    const before = standingsAfter(base);
    const snapshot = JSON.stringify(before);
    const after = standingsProjection.evolve(before, {
      type: 'ScoreAwarded',
      data: { blocId: bloc.id, year: 2017, unitId: '__proto__', criterion: '__proto__', points: 3 },
    });
    expect(Object.hasOwn(after?.awarded ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(after?.awarded)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(after?.awarded))).toEqual({ ['__proto__']: { ['__proto__']: 3 } });
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('folds a run of events at once exactly as event by event, never changing the document it starts from', () => {
    const scoreOf = (unitId: string, criterion: string, points: number): DomainEvent => ({
      type: 'ScoreAwarded',
      data: { blocId: bloc.id, year: 2017, unitId, criterion, points },
    });
    const reported = eventsUntil('reported');
    const target = referenceCase.targets[0];
    const events = [
      ...reported,
      // A report superseded, a target set again, awards revised, a unit named "__proto__".
      {
        type: 'IndicatorReported',
        data: {
          blocId: bloc.id,
          year: 2017,
          unitId: target.unitId,
          indicator: target.code,
          period: '2017',
          value: 1,
        },
      },
      {
        type: 'IndicatorTargetSet',
        data: { ...referenceCase.targets[0], blocId: bloc.id, year: 2017, target: 3 },
      },
      ...eventsUntil('closed').slice(reported.length),
      scoreOf('van-hoa', '3.1', 20.5),
      scoreOf('van-hoa', '3.1', 12),
      scoreOf('__proto__', '__proto__', 3),
      scoreOf('__proto__', '1.1', 4),
    ].filter((event) => standingsProjection.keyOf(event as DomainEvent) === key) as DomainEvent[];
    let expected: StandingsDocument | undefined;
    for (const event of events) expected = standingsProjection.evolve(expected, event) ?? expected;
    expect(expected?.awarded['van-hoa']?.['3.1']).toBe(12);

    for (const size of [2, 3, 7, 50, events.length]) {
      let document: StandingsDocument | undefined;
      for (let start = 0; start < events.length; start += size) {
        // Frozen: a change to what a run starts from throws.
        if (document !== undefined) deepFreeze(document);
        document = evolveRun(standingsProjection, document, events.slice(start, start + size));
      }
      expect({ size, document }).toEqual({ size, document: expected });
      expect(Object.hasOwn(document?.awarded ?? {}, '__proto__')).toBe(true);
    }
  });

  it('lets a later report for the same indicator and period supersede the earlier one', () => {
    const base = eventsUntil('reported');
    const target = referenceCase.targets.find((t) => t.unitId === 'du-lich' && t.direction === 'increase');
    if (target === undefined) throw new Error('fixture has no increase target for du-lich');
    const report = (value: number): DomainEvent => ({
      type: 'IndicatorReported',
      data: { blocId: bloc.id, year: 2017, unitId: 'du-lich', indicator: target.code, period: '2017', value },
    });
    const counts = (events: DomainEvent[]) =>
      standingsView(standingsAfter(events)).units.find((row) => row.unitId === 'du-lich')?.indicators;
    const superseded = counts([...base, report(target.target * 2), report(target.target / 2)]);
    const restored = counts([...base, report(target.target / 2), report(target.target * 2)]);
    expect(superseded).toMatchObject({ assigned: 5, reported: 5, met: 4 });
    expect(restored).toMatchObject({ assigned: 5, reported: 5, met: 5 });
    // Both reports stay in the log; the document keeps the one in force per period.
    const reportsInForce = standingsAfter([...base, report(1), report(2)]).reports['du-lich'];
    expect(reportsInForce).toHaveLength(referenceCase.reports.filter((r) => r.unitId === 'du-lich').length);
    expect(reportsInForce.at(-1)).toMatchObject({ indicator: target.code, value: 2 });
  });

  it('totals the latest self-assessment only', () => {
    const base = eventsUntil('reported');
    const selfAssessed = (points: number): DomainEvent => ({
      type: 'SelfAssessmentSubmitted',
      data: {
        blocId: bloc.id,
        year: 2017,
        unitId: 'y-te',
        scores: [
          { criterion: '1.1', points },
          { criterion: '2.1', points: 0.1 },
        ],
      },
    });
    const rowOf = (events: DomainEvent[]) =>
      standingsView(standingsAfter(events)).units.find((row) => row.unitId === 'y-te');
    expect(rowOf(base)?.selfAssessedTotal).toBeNull();
    expect(rowOf([...base, selfAssessed(240), selfAssessed(0.2)])?.selfAssessedTotal).toBe(0.3);
  });

  it('never modifies the document it is given (cached documents are shared)', () => {
    const events = eventsUntil('closed');
    const documents = new Map<string, StandingsDocument>();
    for (const event of events) {
      const previous = documents.get(key);
      const before = JSON.stringify(previous);
      foldDocuments(standingsProjection, [event], documents);
      expect(JSON.stringify(previous)).toBe(before);
    }
    expect(documents.get(key)?.phase).toBe('closed');
  });

  it('gives the final ranking its leading unit and runners-up', () => {
    const ranking = rankingView(standingsAfter(eventsUntil('finalized')));
    expect(ranking.leadingUnit).toBe('lao-dong');
    expect(ranking.runnersUp).toEqual(['khoa-hoc', 'y-te']);
  });

  it('ignores events of other bloc-years and events before the cycle opened', () => {
    expect(
      standingsProjection.keyOf({ type: 'MemberAdmitted', data: { blocId: 'b', unitId: 'u', name: 'U' } }),
    ).toBeUndefined();
    expect(
      standingsProjection.evolve(undefined, {
        type: 'ScoringFinalized',
        data: { blocId: bloc.id, year: 2017 },
      }),
    ).toBeUndefined();
  });
});

describe('points by criterion', () => {
  it('keeps each criterion as its own property, the last score of a criterion winning, "__proto__" included', () => {
    const points = pointsByCriterion([
      { criterion: '1.1', points: 3 },
      { criterion: '__proto__', points: 2 },
      { criterion: '1.1', points: 5 },
    ]);
    expect(Object.getPrototypeOf(points)).toBe(Object.prototype);
    expect(Object.entries(points)).toEqual([
      ['1.1', 5],
      ['__proto__', 2],
    ]);
  });
});

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
}
