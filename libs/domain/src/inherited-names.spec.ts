/**
 * Ids and codes are data: a unit or a criterion may be called like a member every plain object
 * inherits (`constructor`, `toString`, `hasOwnProperty`) or like its prototype (`__proto__`).
 * None of them may be read as if it were there already, nor write onto Object.prototype.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from './bloc/bloc.decider.js';
import { cycleDecider } from './cycle/cycle.decider.js';
import { standingsOf } from './cycle/cycle.standings.js';
import type { CycleState } from './cycle/cycle.state.js';
import type { CommandMetadata } from './decider.js';
import type { CycleEvent, Framework, Member, UnitCycleEvent } from './events.js';
import { computeStandings, countIndicators } from './standings.js';
import { byBoard, byUnit } from './testing/actors.js';
import { specOf, type Unsigned } from './testing/decider-spec.js';
import type { CycleCommand } from './cycle/cycle.commands.js';
import type { UnitCycleCommand } from './unit-cycle/unit-cycle.commands.js';
import { ReportList } from './unit-cycle/report-list.js';
import { unitCycleDecider } from './unit-cycle/unit-cycle.decider.js';

const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty'] as const;
const blocId = 'b1';
const year = 2017;
const framework: Framework = {
  contents: [
    {
      code: 'constructor',
      title: 'Political tasks',
      criteria: INHERITED.map((code) => ({ code, title: code, maxPoints: 100, kind: 'standard' as const })),
    },
    {
      code: '__proto__',
      title: 'Building',
      criteria: [
        { code: 'valueOf', title: 'valueOf', maxPoints: 50, kind: 'standard' },
        { code: 'isPrototypeOf', title: 'bonus', maxPoints: 10, kind: 'bonus' },
      ],
    },
  ],
};
const criteria = framework.contents.flatMap((c) => c.criteria);
const standard = criteria.filter((c) => c.kind === 'standard');
const members: Member[] = [...INHERITED, 'leader'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));

const opened: CycleEvent = {
  type: 'CycleOpened',
  data: {
    blocId,
    year,
    framework,
    members,
    leader: 'leader',
    deputy: 'constructor',
    policy: DEFAULT_LEADERSHIP_POLICY,
    leadershipHistory: [],
  },
};
const signed = (unitId: string): CycleEvent => ({
  type: 'PactSigned',
  data: { blocId, year, unitId, signatory: { title: 'Giám đốc' } },
});
const inReview: CycleEvent[] = [
  opened,
  ...members.map((m) => signed(m.unitId)),
  { type: 'PactInForce', data: { blocId, year } },
  { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } },
];
const awarded = (unitId: string, criterion: string, points: number): CycleEvent => ({
  type: 'ScoreAwarded',
  data: { blocId, year, unitId, criterion, points },
});
/** Every standard criterion of every unit, `points(unit index)` each. */
const everyStandard = (points: (unitIndex: number) => number): CycleEvent[] =>
  members.flatMap((m, index) => standard.map((c) => awarded(m.unitId, c.code, points(index))));

const cycle = specOf(cycleDecider);
const as = (command: Unsigned<CycleCommand>, metadata: CommandMetadata) =>
  ({ ...command, metadata }) as CycleCommand;
const stateOf = (events: readonly CycleEvent[]): CycleState => {
  const state = events.reduce<CycleState | null>((s, e) => cycleDecider.evolve(s, e), null);
  if (state === null) throw new Error('the cycle did not open');
  return state;
};

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  // Nothing was written onto the global Object or its prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  expect(Object.keys(Object)).toEqual([]);
  expect({}.constructor).toBe(Object);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

describe('ids and codes named like inherited members', () => {
  it('refuses to finalize while any such criterion has no points, for any such unit', () => {
    const allButOne = everyStandard(() => 10).filter(
      (e) =>
        !(e.type === 'ScoreAwarded' && e.data.unitId === 'constructor' && e.data.criterion === 'toString'),
    );
    cycle
      .given([...inReview, ...allButOne])
      .when(as({ type: 'FinalizeScoring', data: {} }, byBoard()))
      .thenThrows('SCORING_INCOMPLETE');
    let missing: unknown;
    try {
      cycleDecider.decide({ type: 'FinalizeScoring', data: {}, metadata: byBoard() }, stateOf(inReview));
    } catch (error) {
      missing = (error as { details?: { missing?: unknown } }).details?.missing;
    }
    expect(missing).toEqual(
      members.flatMap((m) => standard.map((c) => ({ unitId: m.unitId, criterion: c.code }))),
    );
    cycle
      .given([...inReview, ...everyStandard(() => 10)])
      .when(as({ type: 'FinalizeScoring', data: {} }, byBoard()))
      .then([{ type: 'ScoringFinalized', data: { blocId, year, policy: DEFAULT_LEADERSHIP_POLICY } }]);
  });

  it('awards a first time without a reason, and revises with one, recording the points revised', () => {
    for (const unitId of INHERITED) {
      for (const criterion of INHERITED) {
        cycle
          .given(inReview)
          .when(as({ type: 'AwardScore', data: { unitId, criterion, points: 12.5 } }, byUnit('leader')))
          .then([awarded(unitId, criterion, 12.5)]);
        const first = awarded(unitId, criterion, 12.5);
        cycle
          .given([...inReview, first])
          .when(as({ type: 'AwardScore', data: { unitId, criterion, points: 20 } }, byUnit('leader')))
          .thenThrows('REASON_REQUIRED');
        cycle
          .given([...inReview, first])
          .when(as({ type: 'AwardScore', data: { unitId, criterion, points: 20 } }, byBoard('recount')))
          .then([
            {
              type: 'ScoreAwarded',
              data: { blocId, year, unitId, criterion, points: 20, previousPoints: 12.5 },
            },
          ]);
      }
    }
  });

  it('keeps each unit’s points its own, "__proto__" included', () => {
    const state = stateOf([
      ...inReview,
      awarded('__proto__', '__proto__', 7),
      awarded('constructor', 'toString', 8),
    ]);
    expect(Object.getPrototypeOf(state.scores)).toBe(Object.prototype);
    expect(Object.keys(state.scores).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(state.scores, '__proto__')?.value).toEqual({ ['__proto__']: 7 });
    // And the state survives JSON as the same data.
    expect(JSON.parse(JSON.stringify(state.scores))).toEqual(state.scores);
  });

  it('signs each such unit once, none counted as signed before it signs', () => {
    for (const unitId of INHERITED) {
      cycle
        .given([opened])
        .when(as({ type: 'SignPact', data: { unitId, signatory: { title: 'Giám đốc' } } }, byUnit(unitId)))
        .then([signed(unitId)]);
      cycle
        .given([opened, signed(unitId)])
        .when(as({ type: 'SignPact', data: { unitId, signatory: { title: 'Giám đốc' } } }, byUnit(unitId)))
        .thenThrows('ALREADY_SIGNED');
    }
  });

  it('ranks them by their own points, content "__proto__" and "constructor" subtotals included', () => {
    // Unit i gets 10·(i+1) per standard criterion; the bonus goes to "toString".
    const events = [
      ...inReview,
      ...everyStandard((index) => 10 * (index + 1)),
      awarded('toString', 'isPrototypeOf', 10),
      { type: 'ScoringFinalized', data: { blocId, year } } as CycleEvent,
    ];
    const rows = standingsOf(stateOf(events), {});
    expect(rows.map((r) => [r.rank, r.unitId, r.total])).toEqual([
      [1, 'leader', 250],
      [2, 'hasOwnProperty', 200],
      [3, '__proto__', 150],
      [4, 'toString', 110],
      [5, 'constructor', 50],
    ]);
    const toStringRow = rows.find((r) => r.unitId === 'toString');
    expect(Object.entries(toStringRow?.byContent ?? {})).toEqual([
      ['constructor', 80],
      ['__proto__', 30],
    ]);
    cycle
      .given(events)
      .when(
        as(
          { type: 'HonorLeadingUnit', data: { unitId: 'leader' }, context: { units: {} } },
          byUnit('constructor'),
        ),
      )
      .then([{ type: 'LeadingUnitHonored', data: { blocId, year, unitId: 'leader' } }]);
    cycle
      .given([...events, { type: 'LeadingUnitHonored', data: { blocId, year, unitId: 'leader' } }])
      .when(
        as(
          {
            type: 'Elect',
            data: { role: 'leader', unitId: '__proto__', votes: { for: 5, against: 0, abstain: 0 } },
          },
          byUnit('leader'),
        ),
      )
      .then([
        {
          type: 'LeaderElected',
          data: {
            blocId,
            year,
            forYear: 2018,
            unitId: '__proto__',
            votes: { for: 5, against: 0, abstain: 0 },
          },
        },
      ]);
  });

  it('counts indicators per unit without reading or writing inherited members', () => {
    const targets = INHERITED.map((unitId) => ({
      unitId,
      code: 'toString',
      direction: 'increase' as const,
      target: 10,
    }));
    const reports = INHERITED.map((unitId) => ({ unitId, indicator: 'toString', period: '2017', value: 11 }));
    const counts = countIndicators(targets, reports, year);
    expect(Object.keys(counts).sort()).toEqual([...INHERITED].sort());
    for (const unitId of INHERITED) {
      expect(Object.getOwnPropertyDescriptor(counts, unitId)?.value).toEqual({
        assigned: 1,
        reported: 1,
        met: 1,
        exceeded: 1,
      });
    }
    const rows = computeStandings({
      members,
      framework,
      awarded: {},
      indicators: countIndicators([], [], year),
      selfAssessments: {},
      tieBreak: ['indicatorsExceeded'],
    });
    expect(rows.map((r) => r.indicators.assigned)).toEqual([0, 0, 0, 0, 0]);
  });

  describe('in a unit’s own stream', () => {
    const unitCycle = specOf(unitCycleDecider);
    const target: CycleEvent = {
      type: 'IndicatorTargetSet',
      data: {
        blocId,
        year,
        unitId: 'constructor',
        code: 'toString',
        title: 'x',
        criterion: '__proto__',
        measure: '%',
        direction: 'decrease',
        target: 5,
      },
    };
    const inForce = stateOf([
      opened,
      target,
      ...members.map((m) => signed(m.unitId)),
      { type: 'PactInForce', data: { blocId, year } },
    ]);
    const asUnit = (command: Unsigned<UnitCycleCommand>) =>
      ({ ...command, metadata: byUnit('constructor') }) as UnitCycleCommand;

    it('reports an indicator coded "toString" only where a target of that code exists', () => {
      const report = (indicator: string): UnitCycleEvent => ({
        type: 'IndicatorReported',
        data: { blocId, year, unitId: 'constructor', indicator, period: '2017', value: 0 },
      });
      unitCycle
        .given([])
        .when(
          asUnit({
            type: 'ReportIndicator',
            data: { unitId: 'constructor', indicator: 'toString', period: '2017', value: 0 },
            context: { cycle: inForce },
          }),
        )
        .then([report('toString')]);
      unitCycle
        .given([])
        .when(
          asUnit({
            type: 'ReportIndicator',
            data: { unitId: 'constructor', indicator: 'valueOf', period: '2017', value: 0 },
            context: { cycle: inForce },
          }),
        )
        .thenThrows('UNKNOWN_INDICATOR');
    });

    it('self-assesses criteria named like inherited members, each once', () => {
      const scores = INHERITED.map((criterion) => ({ criterion, points: 50 }));
      unitCycle
        .given([])
        .when(
          asUnit({
            type: 'SubmitSelfAssessment',
            data: { unitId: 'constructor', scores },
            context: { cycle: inForce },
          }),
        )
        .then([{ type: 'SelfAssessmentSubmitted', data: { blocId, year, unitId: 'constructor', scores } }]);
      unitCycle
        .given([])
        .when(
          asUnit({
            type: 'SubmitSelfAssessment',
            data: { unitId: 'constructor', scores: [...scores, { criterion: '__proto__', points: 1 }] },
            context: { cycle: inForce },
          }),
        )
        .thenThrows('DUPLICATE_CRITERION');
      const rows = standingsOf(inForce, {
        constructor: { reports: ReportList.empty(), selfAssessment: scores, reportingClosed: false },
      });
      expect(rows.find((r) => r.unitId === 'constructor')?.selfAssessedTotal).toBe(200);
      expect(rows.find((r) => r.unitId === 'toString')?.selfAssessedTotal).toBeNull();
    });
  });
});
