/** Answers GetDeadlinesQuery: a bloc-year's deadlines and each member's progress, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { type DeadlineProgress, deadlineProgress } from './deadline-progress.js';
import { GetDeadlinesQuery } from './get-deadlines.query.js';

@QueryHandler(GetDeadlinesQuery)
export class GetDeadlinesHandler implements IQueryHandler<GetDeadlinesQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetDeadlinesQuery): Promise<DeadlineProgress[]> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    return deadlineProgress(await documents.deadlinesDocument(blocId, year));
  }
}
