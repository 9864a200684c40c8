import { describe, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import type { CommandMetadata } from '../decider.js';
import type {
  BallotChoice,
  CycleEvent,
  Framework,
  LeadershipPolicy,
  Member,
  VoteRule,
  VoteSubject,
} from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import type { CycleCommand } from './cycle.commands.js';
import { cycleDecider } from './cycle.decider.js';

const spec = specOf(cycleDecider);
const blocId = 'b1';
const year = 2017;
const framework: Framework = {
  contents: [
    { code: '1', title: 'Tasks', criteria: [{ code: '1.1', title: 'T', maxPoints: 100, kind: 'standard' }] },
  ],
};
const members: Member[] = ['a', 'b', 'c', 'd', 'e'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
const electorate = members.map((m) => m.unitId);

const finalized: CycleEvent[] = [
  {
    type: 'CycleOpened',
    data: {
      blocId,
      year,
      framework,
      members,
      leader: 'a',
      deputy: 'b',
      policy: { ...DEFAULT_LEADERSHIP_POLICY, rotation: 'none' },
      leadershipHistory: [],
    },
  },
  ...members.map((m): CycleEvent => ({
    type: 'PactSigned',
    data: { blocId, year, unitId: m.unitId, signatory: { title: 'Giám đốc' } },
  })),
  { type: 'PactInForce', data: { blocId, year } },
  { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } },
  ...members.map((m, i): CycleEvent => ({
    type: 'ScoreAwarded',
    data: { blocId, year, unitId: m.unitId, criterion: '1.1', points: 90 - i },
  })),
  { type: 'ScoringFinalized', data: { blocId, year } },
];

const opened = (voteId: string, subject: VoteSubject, unitId: string): CycleEvent => ({
  type: 'VoteOpened',
  data: { blocId, year, voteId, subject, unitId, electorate },
});
const ballot = (voteId: string, unitId: string, choice: BallotChoice): CycleEvent => ({
  type: 'BallotCast',
  data: { blocId, year, voteId, unitId, choice },
});
const ballots = (voteId: string, choices: Record<string, BallotChoice>): CycleEvent[] =>
  Object.entries(choices).map(([unitId, choice]) => ballot(voteId, unitId, choice));

const as = (command: object, metadata: CommandMetadata) => ({ ...command, metadata }) as CycleCommand;
const openVote = (voteId: string, subject: VoteSubject, unitId: string) =>
  ({ type: 'OpenVote', data: { voteId, subject, unitId } }) as const;
const cast = (voteId: string, unitId: string, choice: BallotChoice) =>
  ({ type: 'CastBallot', data: { voteId, unitId, choice } }) as const;
const close = (voteId: string, policy?: LeadershipPolicy) =>
  ({
    type: 'CloseVote',
    data: { voteId },
    ...(policy === undefined ? {} : { context: { policy } }),
  }) as const;
const presentTwoThirds: LeadershipPolicy = {
  ...DEFAULT_LEADERSHIP_POLICY,
  rotation: 'none',
  vote: { of: 'present', ratio: 'two-thirds' },
};

describe('roll-call votes', () => {
  describe('OpenVote', () => {
    it('opens a vote on a candidate with the cycle members as its electorate, once scoring is finalized', () => {
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leading-unit', 'c'), byUnit('a')))
        .then([opened('v1', 'leading-unit', 'c')]);
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leader', 'c'), byBoard()))
        .then([opened('v1', 'leader', 'c')]);
    });

    it('is refused before finalizing, for a decided subject, a known id, a non-member', () => {
      spec
        .given(finalized.slice(0, -1))
        .when(as(openVote('v1', 'leader', 'c'), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([...finalized, { type: 'LeadingUnitHonored', data: { blocId, year, unitId: 'a' } }])
        .when(as(openVote('v1', 'leading-unit', 'a'), byBoard()))
        .thenThrows('ALREADY_EXISTS');
      spec
        .given([...finalized, opened('v1', 'leader', 'c')])
        .when(as(openVote('v1', 'leader', 'd'), byBoard()))
        .thenThrows('ALREADY_EXISTS');
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leader', 'zz'), byBoard()))
        .thenThrows('NOT_A_MEMBER');
    });

    it('is for the leader, the deputy and the board only, and never on their own unit', () => {
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leader', 'd'), byUnit('c')))
        .thenThrows('FORBIDDEN');
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leader', 'd'), byAuditor()))
        .thenThrows('FORBIDDEN');
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leading-unit', 'a'), byUnit('a')))
        .thenThrows('FORBIDDEN');
      spec
        .given(finalized)
        .when(as(openVote('v1', 'leading-unit', 'a'), byUnit('b')))
        .then([opened('v1', 'leading-unit', 'a')]);
    });
  });

  describe('CastBallot', () => {
    const open = [...finalized, opened('v1', 'leading-unit', 'a')];

    it('records each unit its own ballot, on any candidate, its own included', () => {
      spec
        .given(open)
        .when(as(cast('v1', 'c', 'against'), byUnit('c')))
        .then([ballot('v1', 'c', 'against')]);
      spec
        .given(open)
        .when(as(cast('v1', 'a', 'for'), byUnit('a')))
        .then([ballot('v1', 'a', 'for')]);
    });

    it('is one ballot per unit, cast by that unit only, while the vote is open', () => {
      spec
        .given([...open, ballot('v1', 'c', 'for')])
        .when(as(cast('v1', 'c', 'against'), byUnit('c')))
        .thenThrows('ALREADY_VOTED');
      spec
        .given(open)
        .when(as(cast('v1', 'c', 'for'), byUnit('d')))
        .thenThrows('FORBIDDEN');
      spec
        .given(open)
        .when(as(cast('v1', 'c', 'for'), byBoard()))
        .thenThrows('FORBIDDEN');
      spec
        .given(open)
        .when(as(cast('v2', 'c', 'for'), byUnit('c')))
        .thenThrows('NOT_FOUND');
      spec
        .given(open)
        .when(as(cast('v1', 'zz', 'for'), byUnit('zz')))
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([...open, ...cycleClosedVote('v1', { a: 'for' })])
        .when(as(cast('v1', 'c', 'for'), byUnit('c')))
        .thenThrows('WRONG_PHASE');
    });
  });

  describe('CloseVote', () => {
    const open = [...finalized, opened('v1', 'leader', 'c')];
    const closed = (
      tally: [number, number, number, number],
      passed: boolean,
      rule: VoteRule = { of: 'members', ratio: 'majority' },
    ) => ({
      type: 'VoteClosed' as const,
      data: {
        blocId,
        year,
        voteId: 'v1',
        subject: 'leader' as const,
        unitId: 'c',
        for: tally[0],
        against: tally[1],
        abstain: tally[2],
        notVoted: tally[3],
        rule,
        passed,
      },
    });

    it('passes with more than half of all members for by default', () => {
      spec
        .given([...open, ...ballots('v1', { a: 'for', b: 'for', c: 'for' })])
        .when(as(close('v1'), byUnit('a')))
        .then([closed([3, 0, 0, 2], true)]);
      spec
        .given([...open, ...ballots('v1', { a: 'for', b: 'for', c: 'abstain' })])
        .when(as(close('v1'), byBoard()))
        .then([closed([2, 0, 1, 2], false)]);
    });

    it("applies the year's regulation: two thirds of those present", () => {
      const rule = { of: 'present', ratio: 'two-thirds' } as const;
      spec
        .given([...open, ...ballots('v1', { a: 'for', b: 'for', c: 'against' })])
        .when(as(close('v1', presentTwoThirds), byBoard()))
        .then([closed([2, 1, 0, 2], true, rule)]);
      spec
        .given([...open, ...ballots('v1', { a: 'for', b: 'against', c: 'against' })])
        .when(as(close('v1', presentTwoThirds), byBoard()))
        .then([closed([1, 2, 0, 2], false, rule)]);
      spec
        .given(open)
        .when(as(close('v1', presentTwoThirds), byBoard()))
        .then([closed([0, 0, 0, 5], false, rule)]);
    });

    it('is refused a second time, for an unknown vote, and to others than those who run the bloc', () => {
      spec
        .given([...open, closed([0, 0, 0, 5], false)])
        .when(as(close('v1'), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given(open)
        .when(as(close('v9'), byBoard()))
        .thenThrows('NOT_FOUND');
      spec
        .given(open)
        .when(as(close('v1'), byUnit('c')))
        .thenThrows('FORBIDDEN');
    });
  });

  describe('the policy the scoring was finalized under', () => {
    const inReview = finalized.slice(0, -1);
    const finalize = (policy?: LeadershipPolicy) =>
      ({
        type: 'FinalizeScoring',
        data: {},
        ...(policy === undefined ? {} : { context: { policy } }),
      }) as const;
    const pinnedTwoThirds: CycleEvent = {
      type: 'ScoringFinalized',
      data: { blocId, year, policy: presentTwoThirds },
    };

    /** Two for and one against, of five: two thirds of those present, not a majority of all. */
    const passedByTwoThirdsOfPresent: CycleEvent = {
      type: 'VoteClosed',
      data: {
        blocId,
        year,
        voteId: 'v1',
        subject: 'leader',
        unitId: 'c',
        for: 2,
        against: 1,
        abstain: 0,
        notVoted: 2,
        rule: { of: 'present', ratio: 'two-thirds' },
        passed: true,
      },
    };

    it("records the bloc's regulation in force, else the policy the year opened with", () => {
      spec
        .given(inReview)
        .when(as(finalize(presentTwoThirds), byUnit('a')))
        .then([pinnedTwoThirds]);
      spec
        .given(inReview)
        .when(as(finalize(), byUnit('a')))
        .then([
          {
            type: 'ScoringFinalized',
            data: { blocId, year, policy: { ...DEFAULT_LEADERSHIP_POLICY, rotation: 'none' } },
          },
        ]);
    });

    it('keeps to it once finalized: a regulation adopted afterwards does not change how a vote is counted', () => {
      const given = [...inReview, pinnedTwoThirds, opened('v1', 'leader', 'c')];
      // Two for and one against: two thirds of those present, under the pinned regulation,
      // though the bloc's stream now says more than half of all members (two of five is not).
      spec
        .given([...given, ...ballots('v1', { a: 'for', b: 'for', c: 'against' })])
        .when(as(close('v1', { ...presentTwoThirds, vote: { of: 'members', ratio: 'majority' } }), byBoard()))
        .then([passedByTwoThirdsOfPresent]);
    });

    it('leaves a year finalized before the policy was recorded to the regulation the context brings', () => {
      // `finalized` ends with a ScoringFinalized that carries no policy, as the log's older ones.
      spec
        .given([
          ...finalized,
          opened('v1', 'leader', 'c'),
          ...ballots('v1', { a: 'for', b: 'for', c: 'against' }),
        ])
        .when(as(close('v1', presentTwoThirds), byBoard()))
        .then([passedByTwoThirdsOfPresent]);
    });
  });

  describe('deciding by a roll-call vote', () => {
    const passedOn = (voteId: string, subject: VoteSubject, unitId: string): CycleEvent[] => [
      opened(voteId, subject, unitId),
      ...ballots(voteId, { a: 'for', b: 'for', c: 'for', d: 'against', e: 'abstain' }),
      {
        type: 'VoteClosed',
        data: {
          blocId,
          year,
          voteId,
          subject,
          unitId,
          for: 3,
          against: 1,
          abstain: 1,
          notVoted: 0,
          rule: { of: 'members', ratio: 'majority' },
          passed: true,
        },
      },
    ];
    const honour = (unitId: string, voteId: string) =>
      ({ type: 'HonorLeadingUnit', data: { unitId, voteId }, context: { units: {} } }) as const;
    const elect = (role: 'leader' | 'deputy', unitId: string, voteId: string) =>
      ({ type: 'Elect', data: { role, unitId, voteId } }) as const;
    const tally = { for: 3, against: 1, abstain: 1 };

    it('honours and elects with the closed vote, its tally and its id in the event', () => {
      spec
        .given([...finalized, ...passedOn('v1', 'leading-unit', 'a')])
        .when(as(honour('a', 'v1'), byUnit('b')))
        .then([
          { type: 'LeadingUnitHonored', data: { blocId, year, unitId: 'a', votes: tally, voteId: 'v1' } },
        ]);
      spec
        .given([...finalized, ...passedOn('v2', 'leader', 'c')])
        .when(as(elect('leader', 'c', 'v2'), byUnit('a')))
        .then([
          {
            type: 'LeaderElected',
            data: { blocId, year, forYear: 2018, unitId: 'c', votes: tally, voteId: 'v2' },
          },
        ]);
    });

    it('refuses a vote that failed, is open, is on another subject or candidate, or does not exist', () => {
      const failed: CycleEvent[] = [
        opened('v1', 'deputy', 'c'),
        {
          type: 'VoteClosed',
          data: {
            blocId,
            year,
            voteId: 'v1',
            subject: 'deputy',
            unitId: 'c',
            for: 2,
            against: 3,
            abstain: 0,
            notVoted: 0,
            rule: { of: 'members', ratio: 'majority' },
            passed: false,
          },
        },
      ];
      spec
        .given([...finalized, ...failed])
        .when(as(elect('deputy', 'c', 'v1'), byBoard()))
        .thenThrows('ELECTION_NOT_PASSED');
      spec
        .given([...finalized, opened('v1', 'deputy', 'c')])
        .when(as(elect('deputy', 'c', 'v1'), byBoard()))
        .thenThrows('WRONG_PHASE');
      spec
        .given([...finalized, ...passedOn('v1', 'leader', 'c')])
        .when(as(elect('deputy', 'c', 'v1'), byBoard()))
        .thenThrows('VOTE_MISMATCH');
      spec
        .given([...finalized, ...passedOn('v1', 'leader', 'c')])
        .when(as(elect('leader', 'd', 'v1'), byBoard()))
        .thenThrows('VOTE_MISMATCH');
      spec
        .given(finalized)
        .when(as(elect('leader', 'c', 'v1'), byBoard()))
        .thenThrows('UNKNOWN_VOTE');
    });

    it('still refuses own-unit decisions, and a tally given with the vote', () => {
      spec
        .given([...finalized, ...passedOn('v1', 'leader', 'c')])
        .when(as(elect('leader', 'c', 'v1'), byUnit('c')))
        .thenThrows('FORBIDDEN');
      spec
        .given([...finalized, ...passedOn('v1', 'leader', 'c')])
        .when(
          as({ type: 'Elect', data: { role: 'leader', unitId: 'c', voteId: 'v1', votes: tally } }, byBoard()),
        )
        .thenThrows('INVALID_VOTES');
    });

    it("counts a tally by the year's regulation too", () => {
      const present = {
        type: 'Elect',
        data: { role: 'deputy', unitId: 'c', votes: { for: 2, against: 1, abstain: 0 } },
      } as const;
      spec.given(finalized).when(as(present, byBoard())).thenThrows('ELECTION_NOT_PASSED');
      spec
        .given(finalized)
        .when(as({ ...present, context: { policy: presentTwoThirds } }, byBoard()))
        .then([
          {
            type: 'DeputyElected',
            data: { blocId, year, forYear: 2018, unitId: 'c', votes: { for: 2, against: 1, abstain: 0 } },
          },
        ]);
    });
  });
});

function cycleClosedVote(voteId: string, choices: Record<string, BallotChoice>): CycleEvent[] {
  const counts = Object.values(choices);
  const n = (c: BallotChoice) => counts.filter((x) => x === c).length;
  return [
    ...ballots(voteId, choices),
    {
      type: 'VoteClosed',
      data: {
        blocId,
        year,
        voteId,
        subject: 'leading-unit',
        unitId: 'a',
        for: n('for'),
        against: n('against'),
        abstain: n('abstain'),
        notVoted: electorate.length - counts.length,
        rule: { of: 'members', ratio: 'majority' },
        passed: false,
      },
    },
  ];
}
