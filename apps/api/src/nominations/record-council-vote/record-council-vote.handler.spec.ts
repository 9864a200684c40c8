import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { givenNomination, type NominationSteps } from '../../testing/reference-nominations.js';
import type { ReferenceWriteSide } from '../../testing/reference-write-side.js';

describe('RecordCouncilVoteHandler', () => {
  let side: ReferenceWriteSide;
  let steps: NominationSteps;
  let id: string;
  beforeEach(async () => {
    ({ side, steps, id } = await givenNomination('submitted'));
  });
  afterEach(() => side.close());

  it('refuses a vote before forwarding (WRONG_PHASE); given it forwarded, six of nine for pass it', async () => {
    expect(await side.refused(() => steps.vote(id, 6))).toEqual({ code: 'WRONG_PHASE', written: [] });
    await steps.appraise(id, 'forwarded');
    expect(await side.written(() => steps.vote(id, 6))).toEqual([
      {
        streamId: nominationStream(id),
        type: 'CouncilVoted',
        data: expect.objectContaining({ councilMembers: 9, for: 6, against: 3, abstain: 0, passed: true }),
      },
    ]);
  });

  it('records five of nine as failing, and leaves the tally to the board', async () => {
    await steps.appraise(id, 'forwarded');
    expect(await side.refused(() => steps.vote(id, 9, officerOf(side.reference.cycle.leader)))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect((await side.written(() => steps.vote(id, 5)))[0]?.data).toMatchObject({ passed: false });
  });
});
