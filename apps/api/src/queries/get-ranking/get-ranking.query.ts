/**
 * What asking for a bloc-year's ranking carries: the bloc,
 * the year and the reader, and the RankingView it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { RankingView } from '@app/projections';

export class GetRankingQuery extends Query<RankingView> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
