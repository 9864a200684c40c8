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
