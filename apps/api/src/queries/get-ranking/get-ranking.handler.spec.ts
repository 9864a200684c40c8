import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import { GetRankingHandler } from './get-ranking.handler.js';
import { GetRankingQuery } from './get-ranking.query.js';

describe('GetRankingHandler', () => {
  const handler = new GetRankingHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetRankingQuery(BLOC, YEAR, reader));

  it('given the read models, when the board, an auditor or a member asks, then the ranking of that bloc-year', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toEqual({ view: 'ranking', question: [BLOC, YEAR] });
    }
  });

  it('when an officer of another bloc asks, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
