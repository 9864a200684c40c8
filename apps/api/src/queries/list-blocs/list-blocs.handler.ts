/** Answers ListBlocsQuery: every bloc within the reader's province, with its current members. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlocSummary, ReadModelDocuments } from '@app/projections';
import { isWithinProvince } from '../../auth/province-scope.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { ListBlocsQuery } from './list-blocs.query.js';

@QueryHandler(ListBlocsQuery)
export class ListBlocsHandler implements IQueryHandler<ListBlocsQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ reader }: ListBlocsQuery): Promise<BlocSummary[]> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    return (await allBlocs(documents)).filter((bloc) => isWithinProvince(reader, bloc.province));
  }
}

/** Every bloc, in the store's order, as the list shows it. */
export async function allBlocs(documents: Pick<ReadModelDocuments, 'blocDocuments'>): Promise<BlocSummary[]> {
  return (await documents.blocDocuments()).map(({ id, name, province, members }) => ({
    id,
    name,
    province,
    members,
  }));
}
