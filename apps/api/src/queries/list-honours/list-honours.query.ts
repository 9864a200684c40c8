/** What reading the honours register carries: the filters and the reader, and the HonourView list it answers. */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { HonourView } from './honours-register.js';
import type { ListHonoursDto } from './list-honours.dto.js';

export class ListHonoursQuery extends Query<HonourView[]> {
  constructor(
    readonly filter: ListHonoursDto,
    readonly reader: Actor,
  ) {
    super();
  }
}
