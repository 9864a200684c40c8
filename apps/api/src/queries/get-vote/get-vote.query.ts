/** What asking for one roll-call vote carries: the bloc-year, the vote and the reader. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { VoteView } from '@app/projections';

export class GetVoteQuery extends Query<VoteView> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly voteId: string,
    readonly reader: Actor,
  ) {
    super();
  }
}
