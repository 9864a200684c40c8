import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { BLOC, cycle2017, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import { GetCycleHandler } from './get-cycle.handler.js';
import { GetCycleQuery } from './get-cycle.query.js';

describe('GetCycleHandler', () => {
  const handler = new GetCycleHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetCycleQuery(BLOC, YEAR, reader));

  it('given a cycle held, when the board, an auditor, a member or a unit that competed that year and has left reads it, then the cycle as held', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member, readers.formerMember]) {
      await expect(get(reader)).resolves.toEqual(cycle2017);
    }
  });

  it('when an officer of another bloc reads it, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
