import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import { GetYearLeadershipHandler } from './get-year-leadership.handler.js';
import { GetYearLeadershipQuery } from './get-year-leadership.query.js';

describe('GetYearLeadershipHandler', () => {
  const handler = new GetYearLeadershipHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetYearLeadershipQuery(BLOC, YEAR, reader));

  it('given the read models, when the board, an auditor or a member asks, then the leadership of that bloc-year', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toEqual({
        year: YEAR,
        status: 'elected',
        leader: 'y-te',
        deputy: 'da-roi',
        proposal: null,
      });
    }
  });

  it('when an officer of another bloc asks, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
