/** Answers GetVotesQuery: a bloc-year's roll-call votes in the order opened, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { VoteView } from '@app/projections';
import { ReadYourWrites } from '../read-your-writes.js';
import { blocYearVotes } from './bloc-year-votes.js';
import { GetVotesQuery } from './get-votes.query.js';

@QueryHandler(GetVotesQuery)
export class GetVotesHandler implements IQueryHandler<GetVotesQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetVotesQuery): Promise<readonly VoteView[]> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    return blocYearVotes(documents, reader, blocId, year);
  }
}
