import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlocSummary } from '@app/projections';
import { ReadYourWrites } from '../read-your-writes.js';
import { ListBlocsQuery } from './list-blocs.query.js';

@QueryHandler(ListBlocsQuery)
export class ListBlocsHandler implements IQueryHandler<ListBlocsQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute(): Promise<BlocSummary[]> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    return readModels.blocs();
  }
}
