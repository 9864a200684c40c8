/** What asking for a bloc carries: its id and the reader, and the BlocView it answers. */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { BlocView } from '@app/projections';

export class GetBlocQuery extends Query<BlocView> {
  constructor(
    readonly blocId: string,
    readonly reader: Actor,
  ) {
    super();
  }
}
