import { describe, expect, it } from '@jest/globals';
import type { CycleEvent } from '@app/domain';
import { cycleKey, foldDocuments } from '../projection.js';
import { votesProjection } from './votes.projection.js';

const blocId = 'kg-4';
const year = 2017;
const electorate = ['a', 'b', 'c'];
const opened = (voteId: string): CycleEvent => ({
  type: 'VoteOpened',
  data: { blocId, year, voteId, subject: 'leader', unitId: 'c', electorate },
});
const cast = (voteId: string, unitId: string, choice: 'for' | 'against' | 'abstain'): CycleEvent => ({
  type: 'BallotCast',
  data: { blocId, year, voteId, unitId, choice },
});
const votesOf = (events: CycleEvent[]) => foldDocuments(votesProjection, events).get(cycleKey(blocId, year));

describe('VotesProjection', () => {
  it('shows an open vote with its ballots in the order cast and its running tally', () => {
    expect(votesOf([opened('v1'), cast('v1', 'b', 'for'), cast('v1', 'a', 'abstain')])).toEqual({
      blocId,
      year,
      votes: [
        {
          voteId: 'v1',
          subject: 'leader',
          candidate: 'c',
          status: 'open',
          ballots: [
            { unitId: 'b', choice: 'for' },
            { unitId: 'a', choice: 'abstain' },
          ],
          tally: { for: 1, against: 0, abstain: 1, notVoted: 1 },
          passed: null,
        },
      ],
    });
  });

  it('shows a closed vote with the tally and result it was closed with, each vote apart', () => {
    const votes = votesOf([
      opened('v1'),
      opened('v2'),
      cast('v1', 'a', 'for'),
      cast('v2', 'a', 'against'),
      {
        type: 'VoteClosed',
        data: {
          blocId,
          year,
          voteId: 'v1',
          subject: 'leader',
          unitId: 'c',
          for: 1,
          against: 0,
          abstain: 0,
          notVoted: 2,
          rule: { of: 'present', ratio: 'majority' },
          passed: true,
        },
      },
    ])?.votes;
    expect(votes?.map((vote) => [vote.voteId, vote.status, vote.passed, vote.tally])).toEqual([
      ['v1', 'closed', true, { for: 1, against: 0, abstain: 0, notVoted: 2 }],
      ['v2', 'open', null, { for: 0, against: 1, abstain: 0, notVoted: 2 }],
    ]);
  });

  it('changes nothing when an event is replayed', () => {
    const once = votesOf([opened('v1'), cast('v1', 'a', 'for')]);
    expect(votesOf([opened('v1'), opened('v1'), cast('v1', 'a', 'for'), cast('v1', 'a', 'for')])).toEqual(
      once,
    );
  });
});
