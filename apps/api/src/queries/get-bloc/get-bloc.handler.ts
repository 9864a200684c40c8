/**
 * Answers a bloc (members, policy, years) from the caught-up
 * read models, once the reader passes assertBlocReader.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlocView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetBlocQuery } from './get-bloc.query.js';

@QueryHandler(GetBlocQuery)
export class GetBlocHandler implements IQueryHandler<GetBlocQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, reader }: GetBlocQuery): Promise<BlocView> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, readModels, blocId);
    return readModels.bloc(blocId);
  }
}
