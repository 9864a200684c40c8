/** Answers GetVoteQuery: one roll-call vote of a bloc-year, to its readers; 404 for an unknown vote. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { VoteView } from '@app/projections';
import { ApiError } from '../../http/api.error.js';
import { blocYearVotes } from '../get-votes/bloc-year-votes.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetVoteQuery } from './get-vote.query.js';

@QueryHandler(GetVoteQuery)
export class GetVoteHandler implements IQueryHandler<GetVoteQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, voteId, reader }: GetVoteQuery): Promise<VoteView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    const vote = (await blocYearVotes(documents, reader, blocId, year)).find((v) => v.voteId === voteId);
    if (vote === undefined) throw ApiError.notFound(`no vote ${voteId} in ${blocId} ${year}`);
    return vote;
  }
}
