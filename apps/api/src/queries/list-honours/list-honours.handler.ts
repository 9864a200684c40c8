/** Answers ListHonoursQuery: the honours register, held to the reader's province, once the read models are caught up. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../read-your-writes.js';
import { type HonourView, honoursRegister } from './honours-register.js';
import { ListHonoursQuery } from './list-honours.query.js';

@QueryHandler(ListHonoursQuery)
export class ListHonoursHandler implements IQueryHandler<ListHonoursQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ filter, reader }: ListHonoursQuery): Promise<HonourView[]> {
    return honoursRegister(await this.readYourWrites.readModelsCaughtUp(), filter, reader);
  }
}
