import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AuditPage } from '@app/projections';
import { ReadYourWrites } from '../read-your-writes.js';
import { SearchAuditQuery } from './search-audit.query.js';

@QueryHandler(SearchAuditQuery)
export class SearchAuditHandler implements IQueryHandler<SearchAuditQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ filter }: SearchAuditQuery): Promise<AuditPage> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    return readModels.searchAudit(filter);
  }
}
