import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { rankingView } from '@app/projections';
import { BLOC, heldReadModels, readers, standings2017, YEAR } from '../../testing/held-read-models.js';
import { GetRankingHandler } from './get-ranking.handler.js';
import { GetRankingQuery } from './get-ranking.query.js';

describe('GetRankingHandler', () => {
  const handler = new GetRankingHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetRankingQuery(BLOC, YEAR, reader));

  it('given the read models, when the board, an auditor or a member asks, then the ranking of that bloc-year', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toEqual(rankingView(standings2017));
    }
  });

  it('when an officer of another bloc asks, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
