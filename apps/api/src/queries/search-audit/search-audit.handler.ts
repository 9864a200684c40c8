/**
 * Answers an audit search from the caught-up audit index, held
 * to the reader's province for a principal scoped to one.
 */

import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AuditPage, AuditQuery, ReadSideQueries } from '@app/projections';
import { assertWithinProvince, isWithinProvince } from '../../auth/province-scope.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { SearchAuditQuery } from './search-audit.query.js';

/** The page size when none is asked for, as ReadSideQueries.searchAudit's. */
const DEFAULT_LIMIT = 100;

/**
 * A national principal searches the whole index. One scoped to a province sees only the
 * events of its province's blocs (an event of no bloc is not its province's): one search per
 * bloc, merged in log order.
 */
@QueryHandler(SearchAuditQuery)
export class SearchAuditHandler implements IQueryHandler<SearchAuditQuery> {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  async execute({ filter, reader }: SearchAuditQuery): Promise<AuditPage> {
    const readModels = await this.readYourWrites.readModelsCaughtUp();
    if (reader.province === undefined) return readModels.searchAudit(filter);

    const blocs = await readModels.blocs();
    if (filter.blocId !== undefined) {
      const asked = blocs.find((bloc) => bloc.id === filter.blocId);
      if (asked === undefined) return { items: [], next: null };
      assertWithinProvince(reader, asked.province, `bloc ${asked.id}`);
      return readModels.searchAudit(filter);
    }
    const own = blocs.filter((bloc) => isWithinProvince(reader, bloc.province)).map((bloc) => bloc.id);
    return searchWithinBlocs(readModels, filter, own);
  }
}

/**
 * The page `filter` asks for, among the events of `blocIds` only. Each bloc's own search
 * yields its first `limit` matches after the cursor; the page is the first `limit` of their
 * union, and another page exists when the union had more or any bloc had more of its own.
 */
export async function searchWithinBlocs(
  readModels: Pick<ReadSideQueries, 'searchAudit'>,
  filter: AuditQuery,
  blocIds: readonly string[],
): Promise<AuditPage> {
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const pages = await Promise.all(
    blocIds.map((blocId) => readModels.searchAudit({ ...filter, blocId, limit })),
  );
  const merged = pages.flatMap((page) => page.items).sort((a, b) => a.position - b.position);
  const items = merged.slice(0, limit);
  const more = merged.length > limit || pages.some((page) => page.next !== null);
  // A bloc with more has given `limit` items, so `items` is full whenever `more` holds.
  return { items, next: more ? items[items.length - 1]!.position : null };
}
