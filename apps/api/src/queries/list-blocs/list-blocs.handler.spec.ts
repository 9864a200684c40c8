import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { heldReadModels, readers } from '../../testing/held-read-models.js';
import { ListBlocsHandler } from './list-blocs.handler.js';
import { ListBlocsQuery } from './list-blocs.query.js';

describe('ListBlocsHandler', () => {
  const handler = new ListBlocsHandler(heldReadModels());
  const provincesListed = async (reader: Actor) =>
    (await handler.execute(new ListBlocsQuery(reader))).map((bloc) => bloc.province);

  it('given blocs of two provinces, when a national board or auditor lists them, then every bloc', async () => {
    for (const reader of [readers.board, readers.auditor]) {
      expect(await provincesListed(reader)).toEqual(['Kiên Giang', 'An Giang']);
    }
  });

  it("when a board scoped to a province lists them, then only its province's blocs", async () => {
    expect(await provincesListed(readers.boardOfAnGiang)).toEqual(['An Giang']);
  });
});
