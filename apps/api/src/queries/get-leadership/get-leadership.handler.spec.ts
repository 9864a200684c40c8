import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import { GetLeadershipHandler } from './get-leadership.handler.js';
import { GetLeadershipQuery } from './get-leadership.query.js';

describe('GetLeadershipHandler', () => {
  const handler = new GetLeadershipHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetLeadershipQuery(BLOC, reader));

  it("given the read models, when the board, an auditor or a member asks, then the bloc's leadership", async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toMatchObject({
        blocId: BLOC,
        history: [{ year: YEAR, leader: 'y-te', deputy: 'da-roi' }],
        next: { year: YEAR + 1, status: 'proposed' },
      });
    }
  });

  it('when an officer of another bloc, or of a unit that has left, asks, then FORBIDDEN', async () => {
    for (const reader of [readers.outsider, readers.formerMember]) {
      await expect(get(reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
