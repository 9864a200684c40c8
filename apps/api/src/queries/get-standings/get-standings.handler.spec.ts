import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { standingsView } from '@app/projections';
import {
  BLOC,
  heldReadModels,
  heldTimeTravel,
  readers,
  standings2017,
  YEAR,
} from '../../testing/held-read-models.js';
import { GetStandingsHandler } from './get-standings.handler.js';
import { GetStandingsQuery } from './get-standings.query.js';

describe('GetStandingsHandler', () => {
  const handler = new GetStandingsHandler(heldReadModels(), heldTimeTravel());
  const get = (reader: Actor) => handler.execute(new GetStandingsQuery(BLOC, YEAR, reader));

  it('given the read models, when the board, an auditor or a member asks, then the standings of that bloc-year', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toEqual(standingsView(standings2017));
    }
  });

  it('when asked as of a moment, then the standings as recorded at that moment', async () => {
    const asOf = new Date('2018-01-12T10:00:00.000Z');
    await expect(handler.execute(new GetStandingsQuery(BLOC, YEAR, readers.member, asOf))).resolves.toEqual({
      view: 'standingsAsOf',
      question: [BLOC, YEAR, asOf],
    });
  });

  it('when an officer of another bloc asks, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
