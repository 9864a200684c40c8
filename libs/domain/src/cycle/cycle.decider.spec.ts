import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import type { CommandMetadata } from '../decider.js';
import type { CycleEvent, CycleOpened, Framework, LeadershipPolicy, Member } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import type { UnitCycleState } from '../unit-cycle/unit-cycle.decider.js';
import { ReportList } from '../unit-cycle/report-list.js';
import type { CycleCommand, OpenCycle } from './cycle.commands.js';
import { cycleDecider, MAX_FRAMEWORK_CONTENTS, MAX_FRAMEWORK_CRITERIA } from './cycle.decider.js';
import type { CycleState } from './cycle.state.js';

const spec = specOf(cycleDecider);

const framework: Framework = {
  contents: [
    {
      code: '1',
      title: 'Political tasks',
      criteria: [
        { code: '1.1', title: 'Targets', maxPoints: 100, kind: 'standard' },
        { code: '1.B', title: 'Bonus', maxPoints: 10, kind: 'bonus' },
        { code: '1.P', title: 'Penalty', maxPoints: 5, kind: 'penalty' },
      ],
    },
    {
      code: '2',
      title: 'Building',
      criteria: [{ code: '2.1', title: 'Party', maxPoints: 50, kind: 'standard' }],
    },
  ],
};
const members: Member[] = ['a', 'b', 'c', 'd'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
const blocId = 'b1';
const year = 2017;

const opened = (overrides: Partial<CycleOpened['data']> = {}): CycleOpened => ({
  type: 'CycleOpened',
  data: {
    blocId,
    year,
    framework,
    members,
    leader: 'a',
    deputy: 'b',
    policy: DEFAULT_LEADERSHIP_POLICY,
    leadershipHistory: [],
    ...overrides,
  },
});
const signed = (unitId: string): CycleEvent => ({
  type: 'PactSigned',
  data: { blocId, year, unitId, signatory: { title: 'Giám đốc' } },
});
const inForce: CycleEvent[] = [
  ...members.map((m) => signed(m.unitId)),
  { type: 'PactInForce', data: { blocId, year } },
];
const reviewOpened: CycleEvent = { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } };
const awarded = (unitId: string, criterion: string, points: number): CycleEvent => ({
  type: 'ScoreAwarded',
  data: { blocId, year, unitId, criterion, points },
});
/** Standard points for every unit: 1.1 then 2.1. */
const scored = (points: Record<string, [number, number]>): CycleEvent[] =>
  Object.entries(points).flatMap(([unitId, [p1, p2]]) => [
    awarded(unitId, '1.1', p1),
    awarded(unitId, '2.1', p2),
  ]);
const finalized: CycleEvent = { type: 'ScoringFinalized', data: { blocId, year } };
const inReview = [opened(), ...inForce, reviewOpened];
const defaultScores = scored({ a: [90, 40], b: [80, 40], c: [70, 40], d: [60, 40] });
const afterScoring = [...inReview, ...defaultScores, finalized];
const votes7 = { for: 4, against: 0, abstain: 0 };
const leaderElected = (unitId: string): CycleEvent => ({
  type: 'LeaderElected',
  data: { blocId, year, forYear: 2018, unitId, votes: votes7 },
});
const deputyElected = (unitId: string): CycleEvent => ({
  type: 'DeputyElected',
  data: { blocId, year, forYear: 2018, unitId, votes: votes7 },
});
const honored = (unitId: string): CycleEvent => ({
  type: 'LeadingUnitHonored',
  data: { blocId, year, unitId },
});

const stateOf = (events: readonly CycleEvent[]): CycleState | null =>
  events.reduce<CycleState | null>((s, e) => cycleDecider.evolve(s, e), cycleDecider.initialState());

type Command<T extends CycleCommand['type']> = Omit<Extract<CycleCommand, { type: T }>, 'metadata'>;
const as = <T extends CycleCommand['type']>(command: Command<T>, metadata: CommandMetadata) =>
  ({ ...command, metadata }) as CycleCommand;

describe('cycle decider', () => {
  describe('OpenCycle', () => {
    const bloc = {
      blocId,
      name: 'Bloc 1',
      province: 'Kiên Giang',
      members,
      policy: DEFAULT_LEADERSHIP_POLICY,
      regulations: [],
    };
    const frameworkInput = {
      contents: framework.contents.map((content) => ({
        ...content,
        criteria: content.criteria.map(({ kind, ...c }) => (kind === 'standard' ? c : { ...c, kind })),
      })),
    };
    const open = (
      data: Partial<OpenCycle['data']> = {},
      context: Partial<OpenCycle['context']> = {},
    ): Command<'OpenCycle'> => ({
      type: 'OpenCycle',
      data: { blocId, year, framework: frameworkInput, leader: 'a', deputy: 'b', ...data },
      context: { bloc, previous: null, leadershipHistory: [], ...context },
    });

    it("opens the year with the bloc's members and regulation, criteria standard unless said", () => {
      spec.given([]).when(as(open(), byBoard())).then([opened()]);
    });

    it('records the leadership history before this year, oldest first', () => {
      const history = [
        { year: 2016, leader: 'c', deputy: 'd' },
        { year: 2015, leader: 'd', deputy: 'c' },
        { year: 2017, leader: 'x', deputy: 'y' },
      ];
      spec
        .given([])
        .when(as(open({}, { leadershipHistory: history }), byBoard()))
        .then([opened({ leadershipHistory: [history[1], history[0]] })]);
    });

    it("takes the leader and deputy from last year's elections over the command's", () => {
      const previous = stateOf([
        opened({ year: 2016, leader: 'c', deputy: 'd' }),
        { type: 'LeaderElected', data: { blocId, year: 2016, forYear: 2017, unitId: 'd', votes: votes7 } },
        { type: 'DeputyElected', data: { blocId, year: 2016, forYear: 2017, unitId: 'a', votes: votes7 } },
      ]);
      spec
        .given([])
        .when(as(open({ leader: undefined, deputy: 'b' }, { previous }), byBoard()))
        .then([opened({ leader: 'd', deputy: 'a' })]);
    });

    it('needs the leader and deputy where no election names them', () => {
      spec
        .given([])
        .when(as(open({ leader: undefined }), byBoard()))
        .thenThrows('LEADERSHIP_REQUIRED');
      const previous = stateOf([
        opened({ year: 2016, leader: 'c', deputy: 'd' }),
        { type: 'LeaderElected', data: { blocId, year: 2016, forYear: 2017, unitId: 'd', votes: votes7 } },
      ]);
      spec
        .given([])
        .when(as(open({ deputy: undefined }, { previous }), byBoard()))
        .thenThrows('LEADERSHIP_REQUIRED');
    });

    it('falls back to the command when the elected unit has left the bloc', () => {
      const previous = stateOf([
        opened({
          year: 2016,
          leader: 'c',
          deputy: 'd',
          members: [...members, { unitId: 'e', name: 'Unit e' }],
        }),
        { type: 'LeaderElected', data: { blocId, year: 2016, forYear: 2017, unitId: 'e', votes: votes7 } },
        { type: 'DeputyElected', data: { blocId, year: 2016, forYear: 2017, unitId: 'b', votes: votes7 } },
      ]);
      spec
        .given([])
        .when(as(open({ leader: 'a', deputy: 'c' }, { previous }), byBoard()))
        .then([opened()]);
    });

    it('refuses a leader or deputy outside the bloc, and one unit in both roles', () => {
      spec
        .given([])
        .when(as(open({ leader: 'zz' }), byBoard()))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([])
        .when(as(open({ deputy: 'a' }), byBoard()))
        .thenThrows('LEADER_IS_DEPUTY');
    });

    it('refuses a second opening, an unregistered bloc, and anyone but the board', () => {
      spec.given([opened()]).when(as(open(), byBoard())).thenThrows('ALREADY_EXISTS');
      spec
        .given([])
        .when(as(open({}, { bloc: null }), byBoard()))
        .thenThrows('NOT_FOUND');
      spec
        .given([])
        .when(as(open(), byUnit('a')))
        .thenThrows('FORBIDDEN');
    });

    it(`refuses a framework of more than ${MAX_FRAMEWORK_CONTENTS} contents or ${MAX_FRAMEWORK_CRITERIA} criteria`, () => {
      const contents = (count: number, criteriaEach: number) =>
        Array.from({ length: count }, (_, c) => ({
          code: `${c}`,
          title: `Content ${c}`,
          criteria: Array.from({ length: criteriaEach }, (_, i) => ({
            code: `${c}.${i}`,
            title: 'x',
            maxPoints: 1,
          })),
        }));
      spec
        .given([])
        .when(as(open({ framework: { contents: contents(MAX_FRAMEWORK_CONTENTS + 1, 1) } }), byBoard()))
        .thenThrows('INVALID_FRAMEWORK');
      spec
        .given([])
        .when(as(open({ framework: { contents: contents(2, MAX_FRAMEWORK_CRITERIA / 2 + 1) } }), byBoard()))
        .thenThrows('INVALID_FRAMEWORK');
      const largest = as(
        open({
          framework: {
            contents: contents(MAX_FRAMEWORK_CONTENTS, MAX_FRAMEWORK_CRITERIA / MAX_FRAMEWORK_CONTENTS),
          },
        }),
        byBoard(),
      );
      expect(cycleDecider.decide(largest, null).map((e) => e.type)).toEqual(['CycleOpened']);
    });

    it('refuses a framework with no content, a repeated code, or maxPoints that are not points', () => {
      const criterion = { code: '1.1', title: 'Targets', maxPoints: 100 };
      const withContents = (contents: OpenCycle['data']['framework']['contents']) =>
        as(open({ framework: { contents } }), byBoard());
      spec.given([]).when(withContents([])).thenThrows('INVALID_FRAMEWORK');
      spec
        .given([])
        .when(withContents([{ code: '1', title: 'x', criteria: [] }]))
        .thenThrows('INVALID_FRAMEWORK');
      spec
        .given([])
        .when(withContents([{ code: '1', title: 'x', criteria: [criterion, criterion] }]))
        .thenThrows('INVALID_FRAMEWORK');
      spec
        .given([])
        .when(withContents([{ code: '1', title: 'x', criteria: [{ ...criterion, maxPoints: 0.125 }] }]))
        .thenThrows('INVALID_FRAMEWORK');
      spec
        .given([])
        .when(withContents([{ code: '1', title: 'x', criteria: [{ ...criterion, maxPoints: 0 }] }]))
        .thenThrows('INVALID_FRAMEWORK');
    });
  });

  it('refuses every other command before the cycle is opened', () => {
    spec
      .given([])
      .when(as({ type: 'OpenReview', data: { meetingDate: '2018-01-12' } }, byBoard()))
      .thenThrows('NOT_FOUND');
  });

  describe('SetIndicatorTarget', () => {
    const target = {
      type: 'SetIndicatorTarget',
      data: {
        unitId: 'c',
        code: 'C1',
        title: 'Trained workers',
        criterion: '1.1',
        measure: 'people',
        direction: 'increase',
        target: 500,
      },
    } as const;
    const targetSet: CycleEvent = { type: 'IndicatorTargetSet', data: { blocId, year, ...target.data } };

    it("is set by the board, the leader's or the deputy's officers", () => {
      spec.given([opened()]).when(as(target, byBoard())).then([targetSet]);
      spec
        .given([opened()])
        .when(as(target, byUnit('a')))
        .then([targetSet]);
      spec
        .given([opened(), signed('d')])
        .when(as(target, byUnit('b')))
        .then([targetSet]);
    });

    it("is never set by the staff of the unit it binds, even the leader's or the deputy's", () => {
      const forUnit = (unitId: string) => ({ ...target, data: { ...target.data, unitId } });
      spec
        .given([opened()])
        .when(as(forUnit('a'), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given([opened()])
        .when(as(forUnit('b'), byUnit('b')))
        .thenThrows('FORBIDDEN');
      // The leader's targets are set by the deputy (or the board), and the other way round.
      spec
        .given([opened()])
        .when(as(forUnit('a'), byUnit('b')))
        .then([{ type: 'IndicatorTargetSet', data: { blocId, year, ...target.data, unitId: 'a' } }]);
    });

    it('is frozen for a unit that has signed, even to the board', () => {
      spec
        .given([opened(), signed('c')])
        .when(as(target, byBoard()))
        .thenThrows('ALREADY_SIGNED');
      spec
        .given([opened(), targetSet, signed('c')])
        .when(as({ ...target, data: { ...target.data, target: 1 } }, byUnit('a')))
        .thenThrows('ALREADY_SIGNED');
    });

    it('is a positive number: a ratio against 0 would make any report exceed it', () => {
      for (const value of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        spec
          .given([opened()])
          .when(as({ ...target, data: { ...target.data, target: value } }, byBoard()))
          .thenThrows('INVALID_TARGET');
      }
    });

    it('is refused to other units and to auditors', () => {
      spec
        .given([opened()])
        .when(as(target, byUnit('c')))
        .thenThrows('FORBIDDEN');
      spec.given([opened()]).when(as(target, byAuditor())).thenThrows('FORBIDDEN');
    });

    it('is frozen once the pact is in force', () => {
      spec
        .given([opened(), ...inForce])
        .when(as(target, byBoard()))
        .thenThrows('WRONG_PHASE');
    });

    it('needs a member and a criterion of the framework', () => {
      spec
        .given([opened()])
        .when(as({ ...target, data: { ...target.data, unitId: 'zz' } }, byBoard()))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([opened()])
        .when(as({ ...target, data: { ...target.data, criterion: '9.9' } }, byBoard()))
        .thenThrows('UNKNOWN_CRITERION');
    });

    it('replaces a target set again for the same unit and code', () => {
      const state = stateOf([
        opened(),
        targetSet,
        { ...targetSet, data: { ...targetSet.data, target: 600 } },
      ]);
      expect(state?.targets).toEqual([{ ...targetSet.data, target: 600 }]);
    });
  });

  describe('SignPact', () => {
    const sign = (unitId: string) =>
      ({ type: 'SignPact', data: { unitId, signatory: { title: 'Giám đốc', name: 'Trần Văn B' } } }) as const;

    it("is signed by the unit's own officer", () => {
      spec
        .given([opened()])
        .when(as(sign('c'), byUnit('c')))
        .then([
          {
            type: 'PactSigned',
            data: { blocId, year, unitId: 'c', signatory: { title: 'Giám đốc', name: 'Trần Văn B' } },
          },
        ]);
    });

    it('puts the pact in force with the last signature', () => {
      spec
        .given([opened(), signed('a'), signed('b'), signed('d')])
        .when(as(sign('c'), byBoard()))
        .then([
          {
            type: 'PactSigned',
            data: { blocId, year, unitId: 'c', signatory: { title: 'Giám đốc', name: 'Trần Văn B' } },
          },
          { type: 'PactInForce', data: { blocId, year } },
        ]);
      expect(stateOf([opened(), ...inForce.slice(0, -1)])?.phase).toBe('signing');
      expect(stateOf([opened(), ...inForce])?.phase).toBe('in_force');
    });

    it("is refused for another unit, even to the bloc's leader", () => {
      spec
        .given([opened()])
        .when(as(sign('c'), byUnit('a')))
        .thenThrows('FORBIDDEN');
    });

    it('is refused twice, for a non-member, and once in force', () => {
      spec
        .given([opened(), signed('c')])
        .when(as(sign('c'), byUnit('c')))
        .thenThrows('ALREADY_SIGNED');
      spec
        .given([opened()])
        .when(as(sign('zz'), byBoard()))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([opened(), ...inForce])
        .when(as(sign('c'), byUnit('c')))
        .thenThrows('WRONG_PHASE');
    });
  });

  describe('OpenReview', () => {
    const review = { type: 'OpenReview', data: { meetingDate: '2018-01-12', venue: 'Hội trường' } } as const;

    it('opens the review once the pact is in force', () => {
      spec
        .given([opened(), ...inForce])
        .when(as(review, byUnit('b')))
        .then([
          { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12', venue: 'Hội trường' } },
        ]);
    });

    it('is refused while signing, twice, and to other units', () => {
      spec.given([opened()]).when(as(review, byBoard())).thenThrows('WRONG_PHASE');
      spec.given(inReview).when(as(review, byBoard())).thenThrows('WRONG_PHASE');
      spec
        .given([opened(), ...inForce])
        .when(as(review, byUnit('c')))
        .thenThrows('FORBIDDEN');
    });
  });

  describe('AwardScore', () => {
    const award = (unitId: string, criterion: string, points: number) =>
      ({ type: 'AwardScore', data: { unitId, criterion, points } }) as const;

    it('awards points in review', () => {
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 87.5), byUnit('a')))
        .then([awarded('c', '1.1', 87.5)]);
    });

    it("never lets a unit's staff award their own unit's points, even the leader's", () => {
      spec
        .given(inReview)
        .when(as(award('a', '1.1', 90), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given(inReview)
        .when(as(award('a', '1.1', 90), byUnit('b')))
        .then([awarded('a', '1.1', 90)]);
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 90), byUnit('d')))
        .thenThrows('FORBIDDEN');
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 90), byAuditor()))
        .thenThrows('FORBIDDEN');
    });

    it('needs a reason to revise, and records the points revised', () => {
      const given = [...inReview, awarded('c', '1.1', 80)];
      spec
        .given(given)
        .when(as(award('c', '1.1', 85), byBoard()))
        .thenThrows('REASON_REQUIRED');
      spec
        .given(given)
        .when(as(award('c', '1.1', 85), byBoard(' ')))
        .thenThrows('REASON_REQUIRED');
      spec
        .given(given)
        .when(as(award('c', '1.1', 85), byBoard('Dossier on initiatives arrived late')))
        .then([
          {
            type: 'ScoreAwarded',
            data: { blocId, year, unitId: 'c', criterion: '1.1', points: 85, previousPoints: 80 },
          },
        ]);
    });

    it('keeps points within 0..maxPoints with at most two decimals', () => {
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 100), byBoard()))
        .then([awarded('c', '1.1', 100)]);
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 100.01), byBoard()))
        .thenThrows('POINTS_OUT_OF_RANGE');
      spec
        .given(inReview)
        .when(as(award('c', '1.B', -1), byBoard()))
        .thenThrows('POINTS_OUT_OF_RANGE');
      spec
        .given(inReview)
        .when(as(award('c', '1.1', 50.125), byBoard()))
        .thenThrows('POINTS_OUT_OF_RANGE');
    });

    it('needs a criterion of the framework and a member', () => {
      spec
        .given(inReview)
        .when(as(award('c', '4.1', 1), byBoard()))
        .thenThrows('UNKNOWN_CRITERION');
      spec
        .given(inReview)
        .when(as(award('zz', '1.1', 1), byBoard()))
        .thenThrows('NOT_A_MEMBER');
    });

    it('is refused before the review and once scoring is finalized', () => {
      spec
        .given([opened(), ...inForce])
        .when(as(award('c', '1.1', 1), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given(afterScoring)
        .when(as(award('c', '1.1', 1), byBoard('late')))
        .thenThrows('WRONG_PHASE');
    });
  });

  describe('FinalizeScoring', () => {
    const finalize = { type: 'FinalizeScoring', data: {} } as const;

    it('freezes the points once every unit has every standard criterion, with the policy the year keeps', () => {
      spec
        .given([...inReview, ...defaultScores])
        .when(as(finalize, byUnit('a')))
        .then([{ type: 'ScoringFinalized', data: { blocId, year, policy: DEFAULT_LEADERSHIP_POLICY } }]);
    });

    it('is refused while a standard criterion lacks points (bonus and penalty are optional)', () => {
      spec
        .given([...inReview, ...defaultScores.slice(1)])
        .when(as(finalize, byBoard()))
        .thenThrows('SCORING_INCOMPLETE');
    });

    it('is refused outside the review and to units not leading', () => {
      spec
        .given([opened(), ...inForce])
        .when(as(finalize, byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([...inReview, ...defaultScores])
        .when(as(finalize, byUnit('c')))
        .thenThrows('FORBIDDEN');
    });
  });

  describe('HonorLeadingUnit', () => {
    const honor = (
      unitId: string,
      votes?: { for: number; against: number; abstain: number },
      units: Record<string, UnitCycleState> = {},
    ) =>
      ({
        type: 'HonorLeadingUnit',
        data: votes === undefined ? { unitId } : { unitId, votes },
        context: { units },
      }) as const;

    it('honours the unit ranked first', () => {
      spec
        .given(afterScoring)
        .when(as(honor('a'), byUnit('b')))
        .then([honored('a')]);
    });

    it("is never decided by the honoured unit's own staff", () => {
      spec
        .given(afterScoring)
        .when(as(honor('a'), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given(afterScoring)
        .when(as(honor('a'), byBoard()))
        .then([honored('a')]);
    });

    it('refuses a unit not ranked first', () => {
      spec
        .given(afterScoring)
        .when(as(honor('b'), byBoard()))
        .thenThrows('NOT_TOP_RANKED');
    });

    it('applies the tie-break chain: content 1, then indicators exceeded from the unit streams', () => {
      const tiedOnTotal = [
        ...inReview,
        ...scored({ a: [80, 40], b: [90, 30], c: [90, 30], d: [10, 10] }),
        finalized,
      ];
      // b and c lead a on content 1; nothing else separates them yet.
      spec
        .given(tiedOnTotal)
        .when(as(honor('a', votes7), byBoard()))
        .thenThrows('NOT_TOP_RANKED');
      spec
        .given(tiedOnTotal)
        .when(as(honor('c'), byBoard()))
        .thenThrows('ELECTION_NOT_PASSED');
      const targets: CycleEvent[] = ['b', 'c'].map((unitId) => ({
        type: 'IndicatorTargetSet',
        data: {
          blocId,
          year,
          unitId,
          code: 'X',
          title: 'x',
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 90,
        },
      }));
      const report = (unitId: string, value: number): UnitCycleState => ({
        reports: ReportList.of([{ blocId, year, unitId, indicator: 'X', period: '2017', value }]),
        selfAssessment: null,
        reportingClosed: false,
      });
      const withTargets = [opened(), ...targets, ...tiedOnTotal.slice(1)];
      const units = { b: report('b', 90), c: report('c', 95) };
      spec
        .given(withTargets)
        .when(as(honor('c', undefined, units), byBoard()))
        .then([honored('c')]);
      spec
        .given(withTargets)
        .when(as(honor('b', undefined, units), byBoard()))
        .thenThrows('NOT_TOP_RANKED');
    });

    it("lets the bloc's vote decide between units still tied at rank 1", () => {
      const tied = [
        ...inReview,
        ...scored({ a: [80, 40], b: [80, 40], c: [70, 40], d: [60, 40] }),
        finalized,
      ];
      spec
        .given(tied)
        .when(as(honor('b', votes7), byBoard()))
        .then([{ type: 'LeadingUnitHonored', data: { blocId, year, unitId: 'b', votes: votes7 } }]);
      spec
        .given(tied)
        .when(as(honor('b'), byBoard()))
        .thenThrows('ELECTION_NOT_PASSED');
      spec
        .given(tied)
        .when(as(honor('b', { for: 2, against: 2, abstain: 0 }), byBoard()))
        .thenThrows('ELECTION_NOT_PASSED');
      spec
        .given(tied)
        .when(as(honor('b', { for: 5, against: 0, abstain: 0 }), byBoard()))
        .thenThrows('INVALID_VOTES');
    });

    it('is refused before scoring is finalized and a second time', () => {
      spec
        .given([...inReview, ...defaultScores])
        .when(as(honor('a'), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([...afterScoring, honored('a')])
        .when(as(honor('a'), byBoard()))
        .thenThrows('ALREADY_EXISTS');
    });
  });

  describe('Elect', () => {
    const elect = (role: 'leader' | 'deputy', unitId: string, votes = votes7) =>
      ({ type: 'Elect', data: { role, unitId, votes } }) as const;

    it("elects next year's leader and deputy", () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b'), byUnit('a')))
        .then([leaderElected('b')]);
      spec
        .given(afterScoring)
        .when(as(elect('deputy', 'a'), byBoard()))
        .then([deputyElected('a')]);
    });

    it("is never recorded by the elected unit's own staff", () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b'), byUnit('b')))
        .thenThrows('FORBIDDEN');
      spec
        .given(afterScoring)
        .when(as(elect('deputy', 'a'), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given(afterScoring)
        .when(as(elect('deputy', 'a'), byUnit('b')))
        .then([deputyElected('a')]);
    });

    it('passes only with votes for from more than half of the members', () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b', { for: 3, against: 1, abstain: 0 }), byBoard()))
        .then([
          {
            type: 'LeaderElected',
            data: { blocId, year, forYear: 2018, unitId: 'b', votes: { for: 3, against: 1, abstain: 0 } },
          },
        ]);
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b', { for: 2, against: 0, abstain: 2 }), byBoard()))
        .thenThrows('ELECTION_NOT_PASSED');
    });

    it('refuses a tally with more votes than members, or counts that are not whole', () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b', { for: 4, against: 1, abstain: 0 }), byBoard()))
        .thenThrows('INVALID_VOTES');
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b', { for: 3.5, against: 0, abstain: 0 }), byBoard()))
        .thenThrows('INVALID_VOTES');
    });

    it('needs a member, and never the same unit as leader and deputy', () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'zz'), byBoard()))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([...afterScoring, deputyElected('b')])
        .when(as(elect('leader', 'b'), byBoard()))
        .thenThrows('LEADER_IS_DEPUTY');
      spec
        .given([...afterScoring, leaderElected('b')])
        .when(as(elect('deputy', 'b'), byBoard()))
        .thenThrows('LEADER_IS_DEPUTY');
    });

    it("refuses this year's leader for a consecutive term", () => {
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'a'), byBoard()))
        .thenThrows('CONSECUTIVE_TERM');
    });

    it("follows strict rotation over the bloc's history, unless the bloc switched it off", () => {
      const history = [{ year: 2016, leader: 'c', deputy: 'a' }];
      const withHistory = (policy: LeadershipPolicy) => [
        opened({ leadershipHistory: history, policy }),
        ...afterScoring.slice(1),
      ];
      spec
        .given(withHistory(DEFAULT_LEADERSHIP_POLICY))
        .when(as(elect('leader', 'c'), byBoard()))
        .thenThrows('ROTATION');
      spec
        .given(withHistory(DEFAULT_LEADERSHIP_POLICY))
        .when(as(elect('leader', 'd'), byBoard()))
        .then([leaderElected('d')]);
      const none = { ...DEFAULT_LEADERSHIP_POLICY, rotation: 'none' as const };
      spec
        .given(withHistory(none))
        .when(as(elect('leader', 'c'), byBoard()))
        .then([leaderElected('c')]);
    });

    it('lets a deputy be anyone but the leader-elect, this year leader included', () => {
      spec
        .given([...afterScoring, leaderElected('b')])
        .when(as(elect('deputy', 'a'), byBoard()))
        .then([deputyElected('a')]);
    });

    it('is held once per role, after scoring is finalized, by those who run the bloc', () => {
      spec
        .given([...afterScoring, leaderElected('b')])
        .when(as(elect('leader', 'c'), byBoard()))
        .thenThrows('ALREADY_EXISTS');
      spec
        .given([...inReview, ...defaultScores])
        .when(as(elect('leader', 'b'), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given(afterScoring)
        .when(as(elect('leader', 'b'), byUnit('c')))
        .thenThrows('FORBIDDEN');
    });
  });

  describe('CloseCycle', () => {
    const close = { type: 'CloseCycle', data: {} } as const;
    const complete = [...afterScoring, honored('a'), leaderElected('b'), deputyElected('a')];

    it('closes once the leading unit is honoured and both elections are held', () => {
      spec
        .given(complete)
        .when(as(close, byUnit('b')))
        .then([{ type: 'CycleClosed', data: { blocId, year } }]);
    });

    it('is refused while the honouring or an election is missing', () => {
      spec
        .given([...afterScoring, leaderElected('b'), deputyElected('a')])
        .when(as(close, byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([...afterScoring, honored('a'), leaderElected('b')])
        .when(as(close, byBoard()))
        .thenThrows('WRONG_PHASE');
    });

    it('leaves the year read-only', () => {
      const closed = [...complete, { type: 'CycleClosed', data: { blocId, year } } as const];
      spec.given(closed).when(as(close, byBoard())).thenThrows('WRONG_PHASE');
      spec
        .given(closed)
        .when(as({ type: 'AwardScore', data: { unitId: 'c', criterion: '1.1', points: 1 } }, byBoard('x')))
        .thenThrows('WRONG_PHASE');
    });
  });
});
