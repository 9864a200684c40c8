/**
 * What asking for a bloc-year's standings carries: the bloc, the year, the reader and the moment,
 * and the StandingsView it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { StandingsView } from '@app/projections';

export class GetStandingsQuery extends Query<StandingsView> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
    /** Time travel: the standings as recorded at this moment; now when absent. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
