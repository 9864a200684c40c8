/**
 * What asking who leads a bloc in a year carries: the bloc, the year and the reader, and the
 * LeadershipAssignment it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { LeadershipAssignment } from '@app/projections';

export class GetYearLeadershipQuery extends Query<LeadershipAssignment> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
