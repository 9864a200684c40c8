/** What asking for a bloc-year's votes carries: the bloc, the year and the reader. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { VoteView } from '@app/projections';

export class GetVotesQuery extends Query<readonly VoteView[]> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
