/** Answers GetStandingsQuery: a bloc-year's standings now, or as recorded at a past moment. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { StandingsTimeTravel, standingsView, type StandingsView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetStandingsQuery } from './get-standings.query.js';

@QueryHandler(GetStandingsQuery)
export class GetStandingsHandler implements IQueryHandler<GetStandingsQuery> {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly timeTravel: StandingsTimeTravel,
  ) {}

  async execute({ blocId, year, reader, asOf }: GetStandingsQuery): Promise<StandingsView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    return asOf === undefined
      ? standingsView(await documents.standingsDocument(blocId, year))
      : this.timeTravel.standingsAsOf(blocId, year, asOf);
  }
}
