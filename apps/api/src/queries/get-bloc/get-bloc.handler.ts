/** Answers GetBlocQuery: one bloc's members, leadership policy and years, to its readers. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlocView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { GetBlocQuery } from './get-bloc.query.js';

@QueryHandler(GetBlocQuery)
export class GetBlocHandler implements IQueryHandler<GetBlocQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ blocId, reader }: GetBlocQuery): Promise<BlocView> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId);
    const { id, name, province, members, policy, years } = await documents.blocDocument(blocId);
    return { id, name, province, members, policy, years };
  }
}
