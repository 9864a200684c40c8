/**
 * What asking for a bloc-year carries: the bloc, the
 * year and the reader, and the CycleView it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { CycleView } from '@app/projections';

export class GetCycleQuery extends Query<CycleView> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
