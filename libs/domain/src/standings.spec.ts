import { describe, expect, it } from '@jest/globals';
import type { Framework, Member } from './events.js';
import {
  achievement,
  computeStandings,
  countIndicators,
  type IndicatorCounts,
  type StandingsInput,
  unitsTiedAtTop,
} from './standings.js';
import { explicitFramework, readReferenceCase } from './testing/reference-case.js';

const referenceCase = readReferenceCase();
const referenceFramework = explicitFramework(referenceCase.cycle.framework);
const byUnitAndCriterion = (scores: readonly { unitId: string; criterion: string; points: number }[]) => {
  const awarded: Record<string, Record<string, number>> = {};
  for (const s of scores) (awarded[s.unitId] ??= {})[s.criterion] = s.points;
  return awarded;
};

describe('achievement of an indicator', () => {
  it('compares actual with target for an increase', () => {
    expect(achievement('increase', 6.5, 6.62)).toBe('exceeded');
    expect(achievement('increase', 85, 85)).toBe('met');
    expect(achievement('increase', 96, 95.99)).toBe('missed');
  });

  it('compares target with actual for a decrease', () => {
    expect(achievement('decrease', 6, 5.6)).toBe('exceeded');
    expect(achievement('decrease', 13.5, 13.5)).toBe('met');
    expect(achievement('decrease', 13.5, 13.6)).toBe('missed');
  });

  it('reads an actual of 0 against a decrease target as exceeded, and 0 against 0 as met', () => {
    expect(achievement('decrease', 2, 0)).toBe('exceeded');
    expect(achievement('decrease', 0, 0)).toBe('met');
    expect(achievement('decrease', 0, 1)).toBe('missed');
  });
});

describe('countIndicators', () => {
  const targets = [
    { unitId: 'a', code: 'A1', direction: 'increase' as const, target: 100 },
    { unitId: 'a', code: 'A2', direction: 'decrease' as const, target: 10 },
    { unitId: 'a', code: 'A3', direction: 'increase' as const, target: 5 },
    { unitId: 'b', code: 'B1', direction: 'increase' as const, target: 1 },
  ];

  it('counts assigned, reported, met and exceeded per unit', () => {
    const reports = [
      { unitId: 'a', indicator: 'A1', period: '2017', value: 120 },
      { unitId: 'a', indicator: 'A2', period: '2017', value: 10 },
    ];
    expect(countIndicators(targets, reports, 2017)).toEqual({
      a: { assigned: 3, reported: 2, met: 2, exceeded: 1 },
      b: { assigned: 1, reported: 0, met: 0, exceeded: 0 },
    });
  });

  it('takes the year report over any part of the year, whenever it was recorded', () => {
    const reports = [
      { unitId: 'a', indicator: 'A1', period: '2017', value: 90 },
      { unitId: 'a', indicator: 'A1', period: '2017-Q4', value: 130 },
    ];
    expect(countIndicators(targets, reports, 2017).a).toMatchObject({ reported: 1, met: 0, exceeded: 0 });
  });

  it('lets a later report for the same period supersede the earlier one', () => {
    const reports = [
      { unitId: 'a', indicator: 'A1', period: '2017', value: 90 },
      { unitId: 'a', indicator: 'A1', period: '2017', value: 101 },
    ];
    expect(countIndicators(targets, reports, 2017).a).toMatchObject({ reported: 1, met: 1, exceeded: 1 });
  });

  it('falls back to the period ending latest, the later report winning between H2 and Q4', () => {
    const q3Last = [
      { unitId: 'a', indicator: 'A1', period: '2017-Q3', value: 150 },
      { unitId: 'a', indicator: 'A1', period: '2017-H1', value: 50 },
    ];
    expect(countIndicators(targets, q3Last, 2017).a).toMatchObject({ reported: 1, exceeded: 1 });
    const endTogether = [
      { unitId: 'a', indicator: 'A1', period: '2017-H2', value: 150 },
      { unitId: 'a', indicator: 'A1', period: '2017-Q4', value: 99 },
    ];
    expect(countIndicators(targets, endTogether, 2017).a).toMatchObject({ reported: 1, met: 0 });
  });

  it('ignores reports of other years and of indicators without a target', () => {
    const reports = [
      { unitId: 'a', indicator: 'A1', period: '2016', value: 500 },
      { unitId: 'a', indicator: 'ZZ', period: '2017', value: 500 },
      { unitId: 'b', indicator: 'A1', period: '2017', value: 500 },
    ];
    expect(countIndicators(targets, reports, 2017).a).toMatchObject({ assigned: 3, reported: 0 });
  });

  it('counts a target set twice once, with its latest value', () => {
    const retargeted = [...targets, { unitId: 'b', code: 'B1', direction: 'increase' as const, target: 3 }];
    const reports = [{ unitId: 'b', indicator: 'B1', period: '2017', value: 2 }];
    expect(countIndicators(retargeted, reports, 2017).b).toEqual({
      assigned: 1,
      reported: 1,
      met: 0,
      exceeded: 0,
    });
  });

  it('gives the reference case 5/5 met for everyone and 5, 4, 3, 5, 3, 2, 2 exceeded', () => {
    const counts = countIndicators(referenceCase.targets, referenceCase.reports, 2017);
    for (const expected of referenceCase.expected.ranking) {
      expect(counts[expected.unitId]).toEqual(expected.indicators);
    }
  });
});

describe('computeStandings', () => {
  it('ranks the reference case as the review of 12 January 2018 did', () => {
    const rows = computeStandings({
      members: referenceCase.bloc.members,
      framework: referenceFramework,
      awarded: byUnitAndCriterion(referenceCase.scores),
      indicators: countIndicators(referenceCase.targets, referenceCase.reports, 2017),
      selfAssessments: {},
      tieBreak: ['content:1', 'indicatorsExceeded'],
    });
    expect(rows.map((row) => row.total)).toEqual([961.5, 961, 955, 953.5, 887, 875, 831.3]);
    expect(rows.map((row) => row.indicators.exceeded)).toEqual([5, 4, 3, 5, 3, 2, 2]);
    expect(rows).toEqual(
      referenceCase.expected.ranking.map((expected) => ({
        ...expected,
        name: referenceCase.bloc.members.find((m) => m.unitId === expected.unitId)?.name,
        selfAssessedTotal: null,
      })),
    );
    expect(unitsTiedAtTop(rows)).toEqual(['lao-dong']);
  });

  describe('ties', () => {
    const framework: Framework = {
      contents: [
        {
          code: '1',
          title: 'Political tasks',
          criteria: [
            { code: '1.1', title: 'Targets', maxPoints: 650, kind: 'standard' },
            { code: '1.B', title: 'Bonus', maxPoints: 40, kind: 'bonus' },
            { code: '1.P', title: 'Penalty', maxPoints: 20, kind: 'penalty' },
          ],
        },
        {
          code: '2',
          title: 'Building',
          criteria: [{ code: '2.1', title: 'Party', maxPoints: 200, kind: 'standard' }],
        },
      ],
    };
    const members: Member[] = ['a', 'b', 'c', 'd'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
    const exceeded = (n: number): IndicatorCounts => ({ assigned: 5, reported: 5, met: 5, exceeded: n });
    const input = (overrides: Partial<StandingsInput>): StandingsInput => ({
      members,
      framework,
      awarded: {},
      indicators: {},
      selfAssessments: {},
      tieBreak: ['content:1', 'indicatorsExceeded'],
      ...overrides,
    });
    const ranks = (rows: { rank: number; unitId: string }[]) =>
      rows.map((row) => `${row.rank}:${row.unitId}`);

    it('adds bonus and deducts penalty points, in totals and content subtotals', () => {
      const [row] = computeStandings(
        input({
          members: [members[0]],
          awarded: { a: { '1.1': 600, '1.B': 10.5, '1.P': 5.25, '2.1': 0.1 } },
        }),
      );
      expect(row).toMatchObject({ total: 605.35, byContent: { '1': 605.25, '2': 0.1 } });
    });

    it('compares equal totals exactly (0.1 + 0.2 against 0.3) and breaks them by content 1', () => {
      const rows = computeStandings(
        input({
          awarded: {
            a: { '1.1': 0.1, '2.1': 0.2 },
            b: { '1.1': 0.3 },
            c: { '1.1': 0.2, '2.1': 0.1 },
            d: { '1.1': 0.29 },
          },
        }),
      );
      expect(ranks(rows)).toEqual(['1:b', '2:c', '3:a', '4:d']);
    });

    it('then by more indicators exceeded, then shares the rank in member order (1, 2, 2, 4)', () => {
      const awarded = { a: { '1.1': 500 }, b: { '1.1': 500 }, c: { '1.1': 500 }, d: { '1.1': 400 } };
      const rows = computeStandings(
        input({ awarded, indicators: { a: exceeded(3), b: exceeded(4), c: exceeded(3) } }),
      );
      expect(ranks(rows)).toEqual(['1:b', '2:a', '2:c', '4:d']);
      expect(unitsTiedAtTop(rows)).toEqual(['b']);
    });

    it('leaves units tied at the top when the chain cannot separate them', () => {
      const awarded = { a: { '1.1': 500 }, b: { '1.1': 450, '2.1': 50 }, c: { '1.1': 500 } };
      const rows = computeStandings(input({ awarded }));
      expect(ranks(rows)).toEqual(['1:a', '1:c', '3:b', '4:d']);
      expect(unitsTiedAtTop(rows)).toEqual(['a', 'c']);
    });

    it("follows the bloc's own chain, and with none shares the rank on equal totals", () => {
      const awarded = { a: { '1.1': 450, '2.1': 50 }, b: { '1.1': 500 } };
      const indicators = { a: exceeded(5), b: exceeded(1) };
      const byContent2 = computeStandings(input({ awarded, indicators, tieBreak: ['content:2'] }));
      expect(ranks(byContent2).slice(0, 2)).toEqual(['1:a', '2:b']);
      const byExceeded = computeStandings(input({ awarded, indicators, tieBreak: ['indicatorsExceeded'] }));
      expect(ranks(byExceeded).slice(0, 2)).toEqual(['1:a', '2:b']);
      const noChain = computeStandings(input({ awarded, indicators, tieBreak: [] }));
      expect(ranks(noChain).slice(0, 2)).toEqual(['1:a', '1:b']);
    });

    it('shows every content, zero before scoring, and the self-assessed total or null', () => {
      const rows = computeStandings(
        input({
          selfAssessments: {
            c: [
              { criterion: '1.1', points: 640 },
              { criterion: '1.P', points: 2.5 },
            ],
          },
        }),
      );
      expect(rows.every((row) => row.rank === 1 && row.total === 0)).toBe(true);
      expect(rows.map((row) => row.byContent)).toEqual(members.map(() => ({ '1': 0, '2': 0 })));
      expect(rows.map((row) => row.selfAssessedTotal)).toEqual([null, null, 637.5, null]);
      expect(rows.map((row) => row.indicators)).toEqual(
        members.map(() => ({ assigned: 0, reported: 0, met: 0, exceeded: 0 })),
      );
    });

    it('self-assesses a criterion scored twice with its last score', () => {
      const rows = computeStandings(
        input({
          selfAssessments: {
            a: [
              { criterion: '1.1', points: 640 },
              { criterion: '2.1', points: 3 },
              { criterion: '1.1', points: 600 },
            ],
          },
        }),
      );
      expect(rows.find((row) => row.unitId === 'a')?.selfAssessedTotal).toBe(603);
    });
  });
});
