/** What asking for a bloc-year's deadlines carries: the bloc, the year and the reader. */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { DeadlineProgress } from './deadline-progress.js';

export class GetDeadlinesQuery extends Query<DeadlineProgress[]> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
