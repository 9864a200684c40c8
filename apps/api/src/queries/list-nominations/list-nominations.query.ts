/** What listing nominations carries: the filters and the reader, and the NominationView list it answers. */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { ListNominationsDto } from './list-nominations.dto.js';
import type { NominationView } from './nomination-list.js';

export class ListNominationsQuery extends Query<NominationView[]> {
  constructor(
    readonly filter: ListNominationsDto,
    readonly reader: Actor,
  ) {
    super();
  }
}
