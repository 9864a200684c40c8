import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { blocStream } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { WithdrawMemberCommand } from './withdraw-member.command.js';
import { WithdrawMemberHandler } from './withdraw-member.handler.js';

describe('WithdrawMemberHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('registered');
  });
  afterEach(() => side.close());

  const withdraw = (unitId: string, actor = boardOfficer) =>
    new WithdrawMemberHandler(side.streams).execute(
      new WithdrawMemberCommand(
        { blocId: side.cycle.blocId, unitId },
        'merged into another department',
        by(actor),
      ),
    );

  it('given a member, when the board withdraws it, then MemberWithdrawn with the reason', async () => {
    expect(await side.written(() => withdraw('van-hoa'))).toEqual([
      {
        streamId: blocStream(side.cycle.blocId),
        type: 'MemberWithdrawn',
        data: { blocId: side.cycle.blocId, unitId: 'van-hoa', reason: 'merged into another department' },
      },
    ]);
  });

  it('when a unit officer withdraws its own unit, then FORBIDDEN and nothing is written', async () => {
    expect(await side.refused(() => withdraw('van-hoa', officerOf('van-hoa')))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });

  it('when the unit is no member (addressed by the path), then NOT_FOUND and nothing is written', async () => {
    expect(await side.refused(() => withdraw('no-such-unit'))).toEqual({ code: 'NOT_FOUND', written: [] });
  });
});
