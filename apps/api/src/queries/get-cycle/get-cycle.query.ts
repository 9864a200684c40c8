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
