/** Answers GetLeadershipQuery: a bloc's leadership history and next assignment, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LeadershipView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { blocLeadership } from './bloc-leadership.js';
import { GetLeadershipQuery } from './get-leadership.query.js';

@QueryHandler(GetLeadershipQuery)
export class GetLeadershipHandler implements IQueryHandler<GetLeadershipQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, reader }: GetLeadershipQuery): Promise<LeadershipView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId);
    return blocLeadership(documents, blocId);
  }
}
