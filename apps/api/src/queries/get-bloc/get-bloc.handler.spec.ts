import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { BLOC, blocs, heldReadModels, readers } from '../../testing/held-read-models.js';
import { GetBlocHandler } from './get-bloc.handler.js';
import { GetBlocQuery } from './get-bloc.query.js';

describe('GetBlocHandler', () => {
  const handler = new GetBlocHandler(heldReadModels());
  const get = (reader: Actor) => handler.execute(new GetBlocQuery(BLOC, reader));

  it('given a bloc held, when the board, an auditor or a member reads it, then the bloc as held', async () => {
    for (const reader of [readers.board, readers.auditor, readers.member]) {
      await expect(get(reader)).resolves.toEqual(blocs[BLOC]);
    }
  });

  it('when an officer of another bloc, or of a unit that has left, reads it, then FORBIDDEN', async () => {
    for (const reader of [readers.outsider, readers.formerMember]) {
      await expect(get(reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
