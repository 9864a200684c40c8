/**
 * Answers who leads a bloc in a year (elected, partly elected or proposed) from the caught-up
 * read models, once the reader passes assertBlocReader.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LeadershipAssignment } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetYearLeadershipQuery } from './get-year-leadership.query.js';

@QueryHandler(GetYearLeadershipQuery)
export class GetYearLeadershipHandler implements IQueryHandler<GetYearLeadershipQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetYearLeadershipQuery): Promise<LeadershipAssignment> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId, year);
    return readModels.leadershipFor(blocId, year);
  }
}
