/**
 * Answers a bloc's leaders and deputies by year, and next year's pair, from the caught-up read
 * models, once the reader passes assertBlocReader.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LeadershipView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetLeadershipQuery } from './get-leadership.query.js';

@QueryHandler(GetLeadershipQuery)
export class GetLeadershipHandler implements IQueryHandler<GetLeadershipQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, reader }: GetLeadershipQuery): Promise<LeadershipView> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId);
    return readModels.leadership(blocId);
  }
}
