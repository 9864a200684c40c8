/**
 * Every bloc the reader's scope covers: a province-scoped board or auditor sees its province's.
 */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { BlocSummary } from '@app/projections';

export class ListBlocsQuery extends Query<BlocSummary[]> {
  constructor(readonly reader: Actor) {
    super();
  }
}
