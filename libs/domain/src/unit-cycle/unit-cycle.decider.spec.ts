import { describe, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import { cycleDecider } from '../cycle/cycle.decider.js';
import type { CycleState } from '../cycle/cycle.state.js';
import type { CommandMetadata } from '../decider.js';
import type { CycleEvent, Member, UnitCycleEvent } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf, type Unsigned } from '../testing/decider-spec.js';
import type { UnitCycleCommand } from './unit-cycle.commands.js';
import {
  MAX_REPORTS_PER_PERIOD,
  MAX_REPORTS_PER_UNIT_CYCLE,
  unitCycleDecider,
} from './unit-cycle.decider.js';

const spec = specOf(unitCycleDecider);
const blocId = 'b1';
const year = 2017;
const members: Member[] = ['a', 'b', 'c'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));

const cycleAt = (phase: 'signing' | 'in_force' | 'review' | 'finalized' | 'closed'): CycleState => {
  const events: CycleEvent[] = [
    {
      type: 'CycleOpened',
      data: {
        blocId,
        year,
        framework: {
          contents: [
            {
              code: '1',
              title: 'Political tasks',
              criteria: [
                { code: '1.1', title: 'Targets', maxPoints: 100, kind: 'standard' },
                { code: '1.B', title: 'Bonus', maxPoints: 10, kind: 'bonus' },
              ],
            },
          ],
        },
        members,
        leader: 'a',
        deputy: 'b',
        policy: DEFAULT_LEADERSHIP_POLICY,
        leadershipHistory: [],
      },
    },
    {
      type: 'IndicatorTargetSet',
      data: {
        blocId,
        year,
        unitId: 'c',
        code: 'C1',
        title: 'x',
        criterion: '1.1',
        measure: '%',
        direction: 'increase',
        target: 90,
      },
    },
  ];
  const order = ['signing', 'in_force', 'review', 'finalized', 'closed'] as const;
  const next: Record<(typeof order)[number], CycleEvent[]> = {
    signing: [],
    in_force: [
      ...members.map((m): CycleEvent => ({
        type: 'PactSigned',
        data: { blocId, year, unitId: m.unitId, signatory: { title: 'GĐ' } },
      })),
      { type: 'PactInForce', data: { blocId, year } },
    ],
    review: [{ type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } }],
    finalized: [{ type: 'ScoringFinalized', data: { blocId, year } }],
    closed: [{ type: 'CycleClosed', data: { blocId, year } }],
  };
  for (const step of order.slice(0, order.indexOf(phase) + 1)) events.push(...next[step]);
  const state = events.reduce<CycleState | null>((s, e) => cycleDecider.evolve(s, e), null);
  if (state === null) throw new Error('the cycle did not open');
  return state;
};

const as = (command: Unsigned<UnitCycleCommand>, metadata: CommandMetadata) =>
  ({ ...command, metadata }) as UnitCycleCommand;
const reported = (period: string, value: number, note?: string): UnitCycleEvent => ({
  type: 'IndicatorReported',
  data: {
    blocId,
    year,
    unitId: 'c',
    indicator: 'C1',
    period,
    value,
    ...(note === undefined ? {} : { note }),
  },
});

describe('unit-cycle decider', () => {
  describe('ReportIndicator', () => {
    const report = (
      period: string,
      overrides: { cycle?: CycleState | null; unitId?: string; indicator?: string } = {},
    ) =>
      ({
        type: 'ReportIndicator',
        data: {
          unitId: overrides.unitId ?? 'c',
          indicator: overrides.indicator ?? 'C1',
          period,
          value: 91.5,
          note: 'Year-end report',
        },
        context: { cycle: overrides.cycle === undefined ? cycleAt('in_force') : overrides.cycle },
      }) as const;

    it("records a report by the unit's own officer while the pact is in force", () => {
      spec
        .given([])
        .when(as(report('2017'), byUnit('c')))
        .then([reported('2017', 91.5, 'Year-end report')]);
    });

    it('accepts the halves and quarters of the cycle year, and a later report for the same period', () => {
      spec
        .given([])
        .when(as(report('2017-H2'), byBoard()))
        .then([reported('2017-H2', 91.5, 'Year-end report')]);
      spec
        .given([reported('2017-Q3', 80)])
        .when(as(report('2017-Q3'), byUnit('c')))
        .then([reported('2017-Q3', 91.5, 'Year-end report')]);
    });

    it('refuses a report once the review has closed reporting on the unit’s stream, even decided against a cycle still in force', () => {
      const closed: UnitCycleEvent = { type: 'ReportingClosed', data: { blocId, year, unitId: 'c' } };
      spec
        .given([reported('2017-Q3', 80), closed])
        .when(as(report('2017'), byUnit('c')))
        .thenThrows('WRONG_PHASE');
    });

    it('takes a bounded number of corrections per indicator and period, and of reports in all', () => {
      const corrections = Array.from({ length: MAX_REPORTS_PER_PERIOD - 1 }, (_, i) =>
        reported('2017-Q3', i),
      );
      spec
        .given(corrections)
        .when(as(report('2017-Q3'), byUnit('c')))
        .then([reported('2017-Q3', 91.5, 'Year-end report')]);
      spec
        .given([...corrections, reported('2017-Q3', 0)])
        .when(as(report('2017-Q3'), byUnit('c')))
        .thenThrows('TOO_MANY_REPORTS');
      // Another period of the same indicator still takes reports.
      spec
        .given([...corrections, reported('2017-Q3', 0)])
        .when(as(report('2017-Q4'), byUnit('c')))
        .then([reported('2017-Q4', 91.5, 'Year-end report')]);
      const periods = ['2017', '2017-H1', '2017-H2', '2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'];
      const many = Array.from({ length: MAX_REPORTS_PER_UNIT_CYCLE }, (_, i) => reported(periods[i % 7], i));
      spec
        .given(many)
        .when(as(report('2017'), byBoard()))
        .thenThrows('TOO_MANY_REPORTS');
    });

    it('refuses periods outside the cycle year or not named as periods', () => {
      for (const period of ['2016', '2018-Q1', '2017-Q5', '2017-H3', '17', '2017-q1']) {
        spec
          .given([])
          .when(as(report(period), byUnit('c')))
          .thenThrows('INVALID_PERIOD');
      }
    });

    it('refuses an indicator the unit has no target for', () => {
      spec
        .given([])
        .when(as(report('2017', { indicator: 'C9' }), byUnit('c')))
        .thenThrows('UNKNOWN_INDICATOR');
      spec
        .given([])
        .when(as(report('2017', { unitId: 'a' }), byUnit('a')))
        .thenThrows('UNKNOWN_INDICATOR');
    });

    it('is for the unit itself or the board, not the leader nor auditors', () => {
      spec
        .given([])
        .when(as(report('2017'), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given([])
        .when(as(report('2017'), byAuditor()))
        .thenThrows('FORBIDDEN');
    });

    it('closes at the review, and needs an opened cycle and a member', () => {
      spec
        .given([])
        .when(as(report('2017', { cycle: cycleAt('signing') }), byUnit('c')))
        .thenThrows('WRONG_PHASE');
      spec
        .given([])
        .when(as(report('2017', { cycle: cycleAt('review') }), byUnit('c')))
        .thenThrows('WRONG_PHASE');
      spec
        .given([])
        .when(as(report('2017', { cycle: null }), byUnit('c')))
        .thenThrows('NOT_FOUND');
      spec
        .given([])
        .when(as(report('2017', { unitId: 'zz' }), byBoard()))
        .thenThrows('NOT_A_MEMBER');
    });
  });

  describe('SubmitSelfAssessment', () => {
    const scores = [
      { criterion: '1.1', points: 95.5 },
      { criterion: '1.B', points: 10 },
    ];
    const submit = (phase: Parameters<typeof cycleAt>[0], submitted = scores) =>
      ({
        type: 'SubmitSelfAssessment',
        data: { unitId: 'c', scores: submitted },
        context: { cycle: cycleAt(phase) },
      }) as const;
    const submittedEvent = (submitted = scores): UnitCycleEvent => ({
      type: 'SelfAssessmentSubmitted',
      data: { blocId, year, unitId: 'c', scores: submitted },
    });

    it('records the unit proposal while the pact is in force, a later one superseding it', () => {
      spec
        .given([])
        .when(as(submit('in_force'), byUnit('c')))
        .then([submittedEvent()]);
      spec
        .given([submittedEvent()])
        .when(as(submit('in_force', [scores[0]]), byUnit('c')))
        .then([submittedEvent([scores[0]])]);
    });

    it('is refused before the pact is in force, and from the review on (it comes before the review)', () => {
      for (const phase of ['signing', 'review', 'finalized', 'closed'] as const) {
        spec
          .given([])
          .when(as(submit(phase), byUnit('c')))
          .thenThrows('WRONG_PHASE');
      }
    });

    it('is refused once the review has closed the unit’s stream, even decided against a cycle still in force', () => {
      const closed: UnitCycleEvent = { type: 'ReportingClosed', data: { blocId, year, unitId: 'c' } };
      spec
        .given([submittedEvent(), closed])
        .when(as(submit('in_force', [scores[0]]), byUnit('c')))
        .thenThrows('WRONG_PHASE');
    });

    it('needs known criteria, points in range, each criterion once', () => {
      spec
        .given([])
        .when(as(submit('in_force', [{ criterion: '7.7', points: 1 }]), byUnit('c')))
        .thenThrows('UNKNOWN_CRITERION');
      spec
        .given([])
        .when(as(submit('in_force', [{ criterion: '1.B', points: 10.5 }]), byUnit('c')))
        .thenThrows('POINTS_OUT_OF_RANGE');
      spec
        .given([])
        .when(as(submit('in_force', [scores[0], scores[0]]), byUnit('c')))
        .thenThrows('DUPLICATE_CRITERION');
    });

    it('is for the unit itself or the board', () => {
      spec
        .given([])
        .when(as(submit('in_force'), byUnit('b')))
        .thenThrows('FORBIDDEN');
      spec
        .given([])
        .when(as(submit('in_force'), byBoard()))
        .then([submittedEvent()]);
    });
  });

  describe('CloseReporting', () => {
    const close = (unitId: string, cycle: CycleState | null = cycleAt('in_force')) =>
      ({ type: 'CloseReporting', data: { unitId }, context: { cycle } }) as const;
    const closed = (unitId: string): UnitCycleEvent => ({
      type: 'ReportingClosed',
      data: { blocId, year, unitId },
    });

    it('closes a member’s reporting while the pact is in force, for whoever opened the review', () => {
      spec
        .given([reported('2017', 90)])
        .when(as(close('c'), byUnit('a')))
        .then([closed('c')]);
    });

    it('changes nothing when reporting is closed already (a retried opening of the review)', () => {
      spec
        .given([closed('c')])
        .when(as(close('c'), byUnit('a')))
        .then([]);
    });

    it('refuses outside the pact in force, and for a unit that is not a member', () => {
      spec
        .given([])
        .when(as(close('c', cycleAt('signing')), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([])
        .when(as(close('z'), byBoard()))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([])
        .when(as(close('c', null), byBoard()))
        .thenThrows('NOT_FOUND');
    });
  });
});
