/**
 * Answers every bloc with its current members from the
 * caught-up read models, filtered to the reader's province.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlocSummary } from '@app/projections';
import { isWithinProvince } from '../../auth/province-scope.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { ListBlocsQuery } from './list-blocs.query.js';

@QueryHandler(ListBlocsQuery)
export class ListBlocsHandler implements IQueryHandler<ListBlocsQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ reader }: ListBlocsQuery): Promise<BlocSummary[]> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    return (await readModels.blocs()).filter((bloc) => isWithinProvince(reader, bloc.province));
  }
}
