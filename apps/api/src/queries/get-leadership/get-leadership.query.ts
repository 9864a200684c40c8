/**
 * What asking for a bloc's leadership carries: the bloc
 * and the reader, and the LeadershipView it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { LeadershipView } from '@app/projections';

export class GetLeadershipQuery extends Query<LeadershipView> {
  constructor(
    readonly blocId: string,
    readonly reader: Actor,
  ) {
    super();
  }
}
