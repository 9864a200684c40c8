import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import type { VoteView } from '@app/projections';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import type { ReadYourWrites } from '../read-your-writes.js';
import { GetVoteHandler } from '../get-vote/get-vote.handler.js';
import { GetVoteQuery } from '../get-vote/get-vote.query.js';
import { GetVotesHandler } from './get-votes.handler.js';
import { GetVotesQuery } from './get-votes.query.js';

const vote: VoteView = {
  voteId: '6f1d2c9e-4b7a-4f0e-9a63-1c2d3e4f5a6b',
  subject: 'leading-unit',
  candidate: 'y-te',
  status: 'closed',
  ballots: [{ unitId: 'y-te', choice: 'for' }],
  tally: { for: 1, against: 0, abstain: 0, notVoted: 1 },
  passed: false,
};

/** The held read models, with the 2017 votes. */
async function heldWithVotes(): Promise<ReadYourWrites> {
  const held = heldReadModels();
  const documents = await held.readModelsCaughtUp();
  Object.assign(documents, {
    votesDocument: async (blocId: string, year: number) => ({
      blocId,
      year,
      votes: year === YEAR ? [vote] : [],
    }),
  });
  return held;
}

describe('GetVotesHandler and GetVoteHandler', () => {
  const list = async (reader: Actor) =>
    new GetVotesHandler(await heldWithVotes()).execute(new GetVotesQuery(BLOC, YEAR, reader));
  const one = async (voteId: string, reader: Actor) =>
    new GetVoteHandler(await heldWithVotes()).execute(new GetVoteQuery(BLOC, YEAR, voteId, reader));

  it('given a closed vote held, when the board, an auditor, a member or a former member reads the year, then the votes as held', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member, readers.formerMember]) {
      await expect(list(reader)).resolves.toEqual([vote]);
      await expect(one(vote.voteId, reader)).resolves.toEqual(vote);
    }
  });

  it('when an officer of another bloc reads them, then FORBIDDEN; an unknown vote is NOT_FOUND', async () => {
    await expect(list(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(one('00000000-0000-4000-8000-000000000000', readers.board)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
