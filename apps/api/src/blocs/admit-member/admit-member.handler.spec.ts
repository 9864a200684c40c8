import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { blocStream } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { AdmitMemberCommand } from './admit-member.command.js';
import { AdmitMemberHandler } from './admit-member.handler.js';

describe('AdmitMemberHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('registered');
  });
  afterEach(() => side.close());

  const admit = (actor = boardOfficer) =>
    new AdmitMemberHandler(side.streams).execute(
      new AdmitMemberCommand(
        { blocId: side.cycle.blocId, unitId: 'cong-an', name: 'Công an tỉnh' },
        by(actor),
      ),
    );

  it('given a registered bloc, when the board admits a unit, then MemberAdmitted on the bloc stream', async () => {
    expect(await side.written(() => admit())).toEqual([
      {
        streamId: blocStream(side.cycle.blocId),
        type: 'MemberAdmitted',
        data: { blocId: side.cycle.blocId, unitId: 'cong-an', name: 'Công an tỉnh' },
      },
    ]);
  });

  it("when a member's officer admits a unit, then FORBIDDEN and nothing is written", async () => {
    const member = side.reference.cycle.leader;
    expect(await side.refused(() => admit(officerOf(member)))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
