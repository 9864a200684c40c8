/** Answers GetYearLeadershipQuery: a bloc's leadership for one year, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LeadershipAssignment } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetYearLeadershipQuery } from './get-year-leadership.query.js';
import { yearLeadership } from './year-leadership.js';

@QueryHandler(GetYearLeadershipQuery)
export class GetYearLeadershipHandler implements IQueryHandler<GetYearLeadershipQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetYearLeadershipQuery): Promise<LeadershipAssignment> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    return yearLeadership(documents, blocId, year);
  }
}
