import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { SetDeadlineCommand } from './set-deadline.command.js';
import { SetDeadlineHandler } from './set-deadline.handler.js';

describe('SetDeadlineHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('targets set');
  });
  afterEach(() => side.close());

  const setSigning = (unit: string, due: string, reason?: string) =>
    new SetDeadlineHandler(side.streams).execute(
      new SetDeadlineCommand(side.cycle, { kind: 'signing', due }, by(officerOf(unit)), reason),
    );

  it('given an opened cycle, when the leader sets the signing deadline, then DeadlineSet on the cycle stream', async () => {
    expect(await side.written(() => setSigning(side.reference.cycle.leader, '2017-03-31T10:00:00Z'))).toEqual(
      [
        {
          streamId: cycleStream(side.cycle.blocId, side.cycle.year),
          type: 'DeadlineSet',
          data: expect.objectContaining({ kind: 'signing', due: '2017-03-31T10:00:00.000Z' }),
        },
      ],
    );
  });

  it('when it is moved without a reason, then REASON_REQUIRED; with one, it moves', async () => {
    const { leader } = side.reference.cycle;
    await setSigning(leader, '2017-03-31T10:00:00Z');
    expect(await side.refused(() => setSigning(leader, '2017-04-15T10:00:00Z'))).toEqual({
      code: 'REASON_REQUIRED',
      written: [],
    });
    expect(await side.written(() => setSigning(leader, '2017-04-15T10:00:00Z', 'Gia hạn'))).toEqual([
      expect.objectContaining({
        type: 'DeadlineSet',
        data: expect.objectContaining({
          due: '2017-04-15T10:00:00.000Z',
          previousDue: '2017-03-31T10:00:00.000Z',
        }),
      }),
    ]);
  });

  it('when a unit outside the leadership sets one, then FORBIDDEN and nothing is written', async () => {
    expect(await side.refused(() => setSigning('lao-dong', '2017-03-31T10:00:00Z'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
