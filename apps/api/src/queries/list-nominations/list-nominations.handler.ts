/** Answers ListNominationsQuery: the nominations the reader may see, filtered, once the read models are caught up. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../read-your-writes.js';
import { ListNominationsQuery } from './list-nominations.query.js';
import { nominationList, type NominationView } from './nomination-list.js';

@QueryHandler(ListNominationsQuery)
export class ListNominationsHandler implements IQueryHandler<ListNominationsQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ filter, reader }: ListNominationsQuery): Promise<NominationView[]> {
    return nominationList(await this.readYourWrites.readModelsCaughtUp(), filter, reader);
  }
}
