/**
 * Answers a bloc-year's final ranking from the caught-up read models, once the reader passes
 * assertBlocReader; 409 before scoring is finalized.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { RankingView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetRankingQuery } from './get-ranking.query.js';

@QueryHandler(GetRankingQuery)
export class GetRankingHandler implements IQueryHandler<GetRankingQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  /** RankingNotFinalError (HTTP 409) before scoring is finalized. */
  async execute({ blocId, year, reader }: GetRankingQuery): Promise<RankingView> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId, year);
    return readModels.ranking(blocId, year);
  }
}
