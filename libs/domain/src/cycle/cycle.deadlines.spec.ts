import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import type { Actor, CommandMetadata } from '../decider.js';
import type { CycleEvent, CycleOpened, DeadlineKind, Member, UnitCycleEvent } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import { unitCycleDecider } from '../unit-cycle/unit-cycle.decider.js';
import type { TrackDeadlines } from './cycle.commands.js';
import { nextMilestone } from './cycle.deadlines.js';
import { cycleDecider } from './cycle.decider.js';
import type { CycleState } from './cycle.state.js';

const spec = specOf(cycleDecider);
const blocId = 'b1';
const year = 2017;
const members: Member[] = ['a', 'b', 'c'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
const opened: CycleEvent = {
  type: 'CycleOpened',
  data: {
    blocId,
    year,
    framework: {
      contents: [
        { code: '1', title: 'T', criteria: [{ code: '1.1', title: 'T', maxPoints: 100, kind: 'standard' }] },
      ],
    },
    members,
    leader: 'a',
    deputy: 'b',
    policy: DEFAULT_LEADERSHIP_POLICY,
    leadershipHistory: [],
  },
};
const DUE = '2017-06-30T17:00:00.000Z';
const set = (kind: DeadlineKind, due = DUE, period?: string, previousDue?: string): CycleEvent => ({
  type: 'DeadlineSet',
  data: {
    blocId,
    year,
    kind,
    ...(period === undefined ? {} : { period }),
    due,
    ...(previousDue === undefined ? {} : { previousDue }),
  },
});
const setCommand = (data: { kind: DeadlineKind; period?: string; due: string }, metadata: CommandMetadata) =>
  ({ type: 'SetDeadline', data, metadata }) as const;
const signedBy = (unitId: string, late?: true): CycleEvent => ({
  type: 'PactSigned',
  data: { blocId, year, unitId, signatory: { title: 'Giám đốc' }, ...(late ? { late } : {}) },
});
const system: Actor = { sub: 'deadline-process-manager', role: 'system' };
const at = (iso: string, actor: Actor = system): CommandMetadata => ({ actor, at: iso });
const noProgress: TrackDeadlines['context'] = { reportedPeriods: {}, selfAssessed: [], nominated: false };
const track = (iso: string, context = noProgress, actor: Actor = system): TrackDeadlines => ({
  type: 'TrackDeadlines',
  data: {},
  metadata: at(iso, actor),
  context,
});

describe('SetDeadline', () => {
  it('records a deadline set by the board or the leader, due normalised to UTC', () => {
    spec
      .given([opened])
      .when(setCommand({ kind: 'signing', due: '2017-07-01T00:00:00+07:00' }, byUnit('a')))
      .then([set('signing')]);
  });

  it('keeps a reporting deadline per period of the cycle year, and refuses a period elsewhere', () => {
    spec
      .given([opened, set('reporting', DUE, '2017-H1')])
      .when(setCommand({ kind: 'reporting', period: '2017-Q3', due: '2017-10-05T00:00:00Z' }, byBoard()))
      .then([set('reporting', '2017-10-05T00:00:00.000Z', '2017-Q3')]);
    for (const period of [undefined, '2016', '2017-Q5']) {
      spec
        .given([opened])
        .when(setCommand({ kind: 'reporting', ...(period ? { period } : {}), due: DUE }, byBoard()))
        .thenThrows('INVALID_PERIOD');
    }
    spec
      .given([opened])
      .when(setCommand({ kind: 'review', period: '2017', due: DUE }, byBoard()))
      .thenThrows('INVALID_PERIOD');
  });

  it('moves a deadline set again, with a reason; without one it is refused; the same due changes nothing', () => {
    const moved = '2017-07-15T17:00:00.000Z';
    spec
      .given([opened, set('signing')])
      .when(setCommand({ kind: 'signing', due: moved }, byBoard('Công văn gia hạn')))
      .then([set('signing', moved, undefined, DUE)]);
    spec
      .given([opened, set('signing')])
      .when(setCommand({ kind: 'signing', due: moved }, byBoard()))
      .thenThrows('REASON_REQUIRED');
    spec
      .given([opened, set('signing')])
      .when(setCommand({ kind: 'signing', due: DUE }, byBoard()))
      .then([]);
  });

  it('is refused once the cycle is closed (the year is read-only)', () => {
    const closed: CycleEvent = { type: 'CycleClosed', data: { blocId, year } };
    spec
      .given([opened, closed])
      .when(setCommand({ kind: 'nomination', due: DUE }, byBoard()))
      .thenThrows('WRONG_PHASE');
  });

  it('is for the board, the leader and the deputy only; needs an opened cycle and a date-time', () => {
    spec
      .given([opened])
      .when(setCommand({ kind: 'signing', due: DUE }, byUnit('c')))
      .thenThrows('FORBIDDEN');
    spec
      .given([opened])
      .when(setCommand({ kind: 'signing', due: DUE }, byAuditor()))
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when(setCommand({ kind: 'signing', due: DUE }, byBoard()))
      .thenThrows('NOT_FOUND');
    spec
      .given([opened])
      .when(setCommand({ kind: 'signing', due: 'tomorrow' }, byBoard()))
      .thenThrows('INVALID_DUE');
  });
});

describe('late flags', () => {
  const justAfter = '2017-06-30T17:00:00.001Z';
  it('flags a signature after the signing deadline, not one at or before it', () => {
    const sign = (iso: string) =>
      ({
        type: 'SignPact',
        data: { unitId: 'c', signatory: { title: 'Giám đốc' } },
        metadata: at(iso, byUnit('c').actor),
      }) as const;
    spec
      .given([opened, set('signing')])
      .when(sign(DUE))
      .then([signedBy('c')]);
    spec
      .given([opened, set('signing')])
      .when(sign(justAfter))
      .then([signedBy('c', true)]);
    // Another kind's deadline does not make a signature late.
    spec
      .given([opened, set('review')])
      .when(sign(justAfter))
      .then([signedBy('c')]);
  });

  it('flags the review opened after its deadline', () => {
    const inForce = [
      ...members.map((m) => signedBy(m.unitId)),
      { type: 'PactInForce', data: { blocId, year } } as CycleEvent,
    ];
    spec
      .given([opened, ...inForce, set('review')])
      .when({
        type: 'OpenReview',
        data: { meetingDate: '2017-07-02' },
        metadata: at(justAfter, byBoard().actor),
      })
      .then([{ type: 'ReviewOpened', data: { blocId, year, meetingDate: '2017-07-02', late: true } }]);
  });

  it("flags a report after its period's deadline and a late self-assessment, from the cycle in the context", () => {
    const unitSpec = specOf(unitCycleDecider);
    const cycle = [
      opened,
      {
        type: 'IndicatorTargetSet',
        data: {
          blocId,
          year,
          unitId: 'c',
          code: 'C1',
          title: 'T',
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 1,
        },
      },
      ...members.map((m) => signedBy(m.unitId)),
      { type: 'PactInForce', data: { blocId, year } },
      set('reporting', DUE, '2017-H1'),
      set('self-assessment'),
    ] as CycleEvent[];
    const state = cycle.reduce(cycleDecider.evolve, cycleDecider.initialState()) as CycleState;
    const report = (period: string, iso: string) =>
      ({
        type: 'ReportIndicator',
        data: { unitId: 'c', indicator: 'C1', period, value: 2 },
        metadata: at(iso, byUnit('c').actor),
        context: { cycle: state },
      }) as const;
    const reported = (period: string, late?: true): UnitCycleEvent => ({
      type: 'IndicatorReported',
      data: { blocId, year, unitId: 'c', indicator: 'C1', period, value: 2, ...(late ? { late } : {}) },
    });
    unitSpec
      .given([])
      .when(report('2017-H1', justAfter))
      .then([reported('2017-H1', true)]);
    unitSpec
      .given([])
      .when(report('2017-H1', DUE))
      .then([reported('2017-H1')]);
    // Another period has no deadline: never late.
    unitSpec
      .given([])
      .when(report('2017-Q3', justAfter))
      .then([reported('2017-Q3')]);
    unitSpec
      .given([])
      .when({
        type: 'SubmitSelfAssessment',
        data: { unitId: 'c', scores: [{ criterion: '1.1', points: 50 }] },
        metadata: at(justAfter, byUnit('c').actor),
        context: { cycle: state },
      })
      .then([
        {
          type: 'SelfAssessmentSubmitted',
          data: { blocId, year, unitId: 'c', scores: [{ criterion: '1.1', points: 50 }], late: true },
        },
      ]);
  });
});

describe('TrackDeadlines', () => {
  const reminder = (
    daysBefore: number,
    pending: string[],
    kind: DeadlineKind = 'signing',
    period?: string,
    due = DUE,
  ): CycleEvent => ({
    type: 'DeadlineReminder',
    data: { blocId, year, kind, ...(period ? { period } : {}), due, daysBefore, pending },
  });
  const passed = (
    missed: string[],
    kind: DeadlineKind = 'signing',
    period?: string,
    due = DUE,
  ): CycleEvent => ({
    type: 'DeadlinePassed',
    data: { blocId, year, kind, ...(period ? { period } : {}), due, missed },
  });
  const signing = [opened, set('signing'), signedBy('a')];

  it('writes nothing before the 7-day reminder is due', () => {
    spec.given(signing).when(track('2017-06-23T16:59:59.999Z')).then([]);
  });

  it('reminds the units still pending 7 days before, then 1 day before, once each', () => {
    spec
      .given(signing)
      .when(track('2017-06-23T17:00:00.000Z'))
      .then([reminder(7, ['b', 'c'])]);
    spec
      .given([...signing, reminder(7, ['b', 'c'])])
      .when(track('2017-06-25T00:00:00Z'))
      .then([]);
    spec
      .given([...signing, reminder(7, ['b', 'c']), signedBy('b')])
      .when(track('2017-06-29T17:00:00Z'))
      .then([reminder(1, ['c'])]);
    spec
      .given([...signing, reminder(7, ['b', 'c']), reminder(1, ['c'])])
      .when(track('2017-06-30T16:00:00Z'))
      .then([]);
  });

  it('sends only the latest reminder whose day has come (a deadline set 3 days ahead gets no 7-day one)', () => {
    spec
      .given(signing)
      .when(track('2017-06-29T18:00:00Z'))
      .then([reminder(1, ['b', 'c'])]);
  });

  it('reminds nobody when nobody is pending', () => {
    spec
      .given([...signing, signedBy('b'), signedBy('c')])
      .when(track('2017-06-29T18:00:00Z'))
      .then([]);
  });

  it('records the passing once, with the units that missed it', () => {
    spec
      .given(signing)
      .when(track('2017-06-30T17:00:00.001Z'))
      .then([passed(['b', 'c'])]);
    spec
      .given([...signing, passed(['b', 'c'])])
      .when(track('2017-07-30T00:00:00Z'))
      .then([]);
  });

  it('gives a moved deadline fresh reminders and a fresh passing, keyed by its new due', () => {
    const moved = '2017-07-15T17:00:00.000Z';
    const history = [
      ...signing,
      reminder(7, ['b', 'c']),
      passed(['b', 'c']),
      set('signing', moved, undefined, DUE),
    ];
    spec.given(history).when(track('2017-07-01T00:00:00Z')).then([]);
    spec
      .given(history)
      .when(track('2017-07-08T17:00:00Z'))
      .then([reminder(7, ['b', 'c'], 'signing', undefined, moved)]);
    spec
      .given(history)
      .when(track('2017-07-16T00:00:00Z'))
      .then([passed(['b', 'c'], 'signing', undefined, moved)]);
  });

  it('takes reports, self-assessments and the nomination from the context; the review from the cycle', () => {
    const base = [
      opened,
      set('reporting', DUE, '2017-H1'),
      set('self-assessment'),
      set('review'),
      set('nomination'),
    ];
    const context = {
      reportedPeriods: { a: ['2017-H1'], b: ['2017-Q1'] },
      selfAssessed: ['c'],
      nominated: true,
    };
    spec
      .given(base)
      .when(track('2017-07-01T00:00:00Z', context))
      .then([
        passed(['b', 'c'], 'reporting', '2017-H1'),
        passed(['a', 'b'], 'self-assessment'),
        passed(['a', 'b', 'c'], 'review'),
        passed([], 'nomination'),
      ]);
  });

  it('records nothing once the cycle is closed', () => {
    spec
      .given([...signing, { type: 'CycleClosed', data: { blocId, year } }])
      .when(track('2017-07-01T00:00:00Z'))
      .then([]);
  });

  it('reads the context by own entries only: units named like Object.prototype members', () => {
    const named = ['constructor', 'toString', '__proto__'].map((unitId) => ({ unitId, name: unitId }));
    const openedNamed: CycleEvent = {
      ...(opened as CycleOpened),
      data: { ...(opened as CycleOpened).data, members: named },
    };
    const context = {
      reportedPeriods: JSON.parse('{"__proto__": ["2017-H1"]}'),
      selfAssessed: [],
      nominated: false,
    };
    spec
      .given([openedNamed, set('reporting', DUE, '2017-H1')])
      .when(track('2017-07-01T00:00:00Z', context))
      .then([passed(['constructor', 'toString'], 'reporting', '2017-H1')]);
  });

  it('is for the system only', () => {
    spec
      .given(signing)
      .when(track('2017-07-01T00:00:00Z', noProgress, byBoard().actor))
      .thenThrows('FORBIDDEN');
  });

  it('names the next moment something is due for a deadline', () => {
    const state = (events: CycleEvent[]) =>
      events.reduce(cycleDecider.evolve, cycleDecider.initialState())!.deadlines[0];
    expect(nextMilestone(state(signing))).toBe(Date.parse('2017-06-23T17:00:00Z'));
    expect(nextMilestone(state([...signing, reminder(7, ['b'])]))).toBe(Date.parse('2017-06-29T17:00:00Z'));
    expect(nextMilestone(state([...signing, reminder(1, ['b'])]))).toBe(Date.parse(DUE) + 1);
    expect(nextMilestone(state([...signing, passed(['b'])]))).toBeNull();
  });
});
