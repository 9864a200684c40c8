/**
 * Answers a bloc-year's standings, now or as recorded at `asOf`, from the caught-up read models,
 * once the reader passes assertBlocReader.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { StandingsView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetStandingsQuery } from './get-standings.query.js';

@QueryHandler(GetStandingsQuery)
export class GetStandingsHandler implements IQueryHandler<GetStandingsQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, year, reader, asOf }: GetStandingsQuery): Promise<StandingsView> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId, year);
    return asOf === undefined
      ? readModels.standings(blocId, year)
      : readModels.standingsAsOf(blocId, year, asOf);
  }
}
