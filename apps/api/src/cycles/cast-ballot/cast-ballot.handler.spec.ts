import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type Actor, cycleStream } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { OpenVoteCommand } from '../open-vote/open-vote.command.js';
import { OpenVoteHandler } from '../open-vote/open-vote.handler.js';
import { CastBallotCommand } from './cast-ballot.command.js';
import { CastBallotHandler } from './cast-ballot.handler.js';

describe('CastBallotHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('finalized');
    await new OpenVoteHandler(side.streams).execute(
      new OpenVoteCommand(
        side.cycle,
        { voteId: 'v-1', subject: 'leader', unitId: side.reference.cycle.deputy },
        by(boardOfficer),
      ),
    );
  });
  afterEach(() => side.close());

  const cast = (unitId: string, actor: Actor = officerOf(unitId)) =>
    new CastBallotHandler(side.streams).execute(
      new CastBallotCommand(side.cycle, { voteId: 'v-1', unitId, choice: 'for' }, by(actor)),
    );

  it('given an open vote, when a unit casts its ballot (even on itself), then BallotCast on the cycle stream', async () => {
    const { blocId, year } = side.cycle;
    const { deputy } = side.reference.cycle;
    expect(await side.written(() => cast(deputy))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'BallotCast',
        data: { blocId, year, voteId: 'v-1', unitId: deputy, choice: 'for' },
      },
    ]);
  });

  it('a second ballot is ALREADY_VOTED, a ballot for another unit or by the board FORBIDDEN; nothing written', async () => {
    const { deputy, leader } = side.reference.cycle;
    await cast(deputy);
    expect(await side.refused(() => cast(deputy))).toEqual({ code: 'ALREADY_VOTED', written: [] });
    expect(await side.refused(() => cast(leader, officerOf(deputy)))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(await side.refused(() => cast(leader, boardOfficer))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
