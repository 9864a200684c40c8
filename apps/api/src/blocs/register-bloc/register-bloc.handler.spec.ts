import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { blocStream } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import {
  auditor,
  by,
  referenceWriteSide,
  type ReferenceWriteSide,
} from '../../testing/reference-write-side.js';
import { RegisterBlocCommand } from './register-bloc.command.js';
import { RegisterBlocHandler } from './register-bloc.handler.js';

describe('RegisterBlocHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => (side = await referenceWriteSide()));
  afterEach(() => side.close());

  const register = (actor = boardOfficer) =>
    new RegisterBlocHandler(side.streams).execute(
      new RegisterBlocCommand(
        { blocId: 'kg-khoi-9', name: 'Khối 9', members: [{ unitId: 'so-a', name: 'Sở A' }] },
        by(actor),
      ),
    );

  it('given no bloc, when the board registers one, then BlocRegistered opens its stream', async () => {
    expect(await side.written(() => register())).toEqual([
      {
        streamId: blocStream('kg-khoi-9'),
        type: 'BlocRegistered',
        data: expect.objectContaining({ blocId: 'kg-khoi-9', members: [{ unitId: 'so-a', name: 'Sở A' }] }),
      },
    ]);
  });

  it('when a unit officer or an auditor registers a bloc, then FORBIDDEN and nothing is written', async () => {
    for (const actor of [officerOf('so-a'), auditor]) {
      expect(await side.refused(() => register(actor))).toEqual({ code: 'FORBIDDEN', written: [] });
    }
  });
});
