/** Answers GetRankingQuery: a bloc-year's final ranking, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { RankingView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { finalRanking } from './final-ranking.js';
import { GetRankingQuery } from './get-ranking.query.js';

@QueryHandler(GetRankingQuery)
export class GetRankingHandler implements IQueryHandler<GetRankingQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  /** RankingNotFinalError (HTTP 409) before scoring is finalized. */
  async execute({ blocId, year, reader }: GetRankingQuery): Promise<RankingView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    return finalRanking(documents, blocId, year);
  }
}
