import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import type { AuditPage, AuditQuery } from '@app/projections';
import { searchWithinBlocs } from './search-audit.handler.js';

/** An index of events by bloc that pages like AuditTrail.searchAudit. */
function indexOf(positionsByBloc: Record<string, number[]>) {
  return {
    searchAudit: async ({ blocId, after = 0, limit = 100 }: AuditQuery): Promise<AuditPage> => {
      const found = (positionsByBloc[blocId!] ?? []).filter((position) => position > after);
      const items = found.slice(0, limit).map((position) => ({ position }) as RecordedEvent);
      return { items, next: found.length > limit ? items[items.length - 1]!.position : null };
    },
  };
}

describe('searchWithinBlocs', () => {
  const index = indexOf({ a: [1, 4, 5, 9], b: [2, 3, 10], c: [6] });

  it('pages through the union of the blocs in log order, each page full until the last', async () => {
    const pages: { positions: number[]; next: number | null }[] = [];
    for (let after: number | null = 0; after !== null;) {
      const page = await searchWithinBlocs(index, { after, limit: 3 }, ['a', 'b', 'c']);
      pages.push({ positions: page.items.map((event) => event.position), next: page.next });
      after = page.next;
    }
    expect(pages).toEqual([
      { positions: [1, 2, 3], next: 3 },
      { positions: [4, 5, 6], next: 6 },
      { positions: [9, 10], next: null },
    ]);
  });

  it('says another page exists when one bloc alone, or the union, has more than the page', async () => {
    await expect(searchWithinBlocs(index, { limit: 3 }, ['a'])).resolves.toMatchObject({ next: 5 });
    await expect(searchWithinBlocs(index, { limit: 4 }, ['a'])).resolves.toMatchObject({ next: null });
    await expect(searchWithinBlocs(index, { limit: 4 }, ['a', 'c'])).resolves.toMatchObject({ next: 6 });
    await expect(searchWithinBlocs(index, { limit: 5 }, ['a', 'c'])).resolves.toMatchObject({ next: null });
  });

  it('finds nothing for a province without blocs', async () => {
    await expect(searchWithinBlocs(index, {}, [])).resolves.toEqual({ items: [], next: null });
  });
});
