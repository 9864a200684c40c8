/** Answers SearchAuditQuery: a page of the audit trail, held to the reader's province. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AuditPage, AuditQuery } from '@app/projections';
import { assertWithinProvince, isWithinProvince } from '../../auth/province-scope.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { AuditTrail, DEFAULT_AUDIT_LIMIT } from './audit-trail.js';
import { SearchAuditQuery } from './search-audit.query.js';

/**
 * A national principal searches the whole index. One scoped to a province sees only the
 * events of its province's blocs (an event of no bloc is not its province's): one search per
 * bloc, merged in log order.
 */
@QueryHandler(SearchAuditQuery)
export class SearchAuditHandler implements IQueryHandler<SearchAuditQuery> {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly trail: AuditTrail,
  ) {}

  async execute({ filter, reader }: SearchAuditQuery): Promise<AuditPage> {
    const documents = await this.readYourWrites.readModelsCaughtUp();
    if (reader.province === undefined) return this.trail.searchAudit(filter);

    const blocs = await documents.blocDocuments();
    if (filter.blocId !== undefined) {
      const asked = blocs.find((bloc) => bloc.id === filter.blocId);
      if (asked === undefined) return { items: [], next: null };
      assertWithinProvince(reader, asked.province, `bloc ${asked.id}`);
      return this.trail.searchAudit(filter);
    }
    const own = blocs.filter((bloc) => isWithinProvince(reader, bloc.province)).map((bloc) => bloc.id);
    return searchWithinBlocs(this.trail, filter, own);
  }
}

/**
 * The page `filter` asks for, among the events of `blocIds` only. Each bloc's own search
 * yields its first `limit` matches after the cursor; the page is the first `limit` of their
 * union, and another page exists when the union had more or any bloc had more of its own.
 */
export async function searchWithinBlocs(
  trail: Pick<AuditTrail, 'searchAudit'>,
  filter: AuditQuery,
  blocIds: readonly string[],
): Promise<AuditPage> {
  const limit = filter.limit ?? DEFAULT_AUDIT_LIMIT;
  const pages = await Promise.all(blocIds.map((blocId) => trail.searchAudit({ ...filter, blocId, limit })));
  const merged = pages.flatMap((page) => page.items).sort((a, b) => a.position - b.position);
  const items = merged.slice(0, limit);
  const more = merged.length > limit || pages.some((page) => page.next !== null);
  // A bloc with more has given `limit` items, so `items` is full whenever `more` holds.
  return { items, next: more ? items[items.length - 1]!.position : null };
}
