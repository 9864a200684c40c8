/**
 * Answers a bloc-year (phase, leadership, signatures, framework) from the caught-up read models,
 * once the reader passes assertBlocReader.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CycleView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetCycleQuery } from './get-cycle.query.js';

@QueryHandler(GetCycleQuery)
export class GetCycleHandler implements IQueryHandler<GetCycleQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader }: GetCycleQuery): Promise<CycleView> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId, year);
    return readModels.cycle(blocId, year);
  }
}
