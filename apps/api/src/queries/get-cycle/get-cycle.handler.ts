/** Answers GetCycleQuery: one bloc-year's cycle document, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CycleView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetCycleQuery } from './get-cycle.query.js';

@QueryHandler(GetCycleQuery)
export class GetCycleHandler implements IQueryHandler<GetCycleQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetCycleQuery): Promise<CycleView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    return documents.cycleDocument(blocId, year);
  }
}
