import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { givenNomination, type NominationSteps } from '../../testing/reference-nominations.js';
import { auditor, type ReferenceWriteSide } from '../../testing/reference-write-side.js';

describe('AppraiseNominationHandler', () => {
  let side: ReferenceWriteSide;
  let steps: NominationSteps;
  let id: string;
  beforeEach(async () => {
    ({ side, steps, id } = await givenNomination('submitted'));
  });
  afterEach(() => side.close());

  it('given a submitted nomination, when the board returns it, then NominationReturned with the reason; once forwarded, a second appraisal is WRONG_PHASE', async () => {
    expect(await side.written(() => steps.appraise(id, 'returned'))).toEqual([
      {
        streamId: nominationStream(id),
        type: 'NominationReturned',
        data: expect.objectContaining({
          nominationId: id,
          reason: 'returned by the board',
          by: 'board-officer',
        }),
      },
    ]);
    await steps.resubmit(id);
    expect((await side.written(() => steps.appraise(id, 'forwarded')))[0]?.type).toBe('NominationForwarded');
    expect(await side.refused(() => steps.appraise(id, 'returned'))).toEqual({
      code: 'WRONG_PHASE',
      written: [],
    });
  });

  it('leaves the appraisal to the board: a unit officer or an auditor is FORBIDDEN; an unknown nomination NOT_FOUND', async () => {
    expect(
      await side.refused(() => steps.appraise(id, 'forwarded', officerOf(side.reference.cycle.leader))),
    ).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(await side.refused(() => steps.appraise(id, 'forwarded', auditor))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(
      await side.refused(() => steps.appraise(steps.idOf('du-lich', 'emulation-flag'), 'forwarded')),
    ).toEqual({
      code: 'NOT_FOUND',
      written: [],
    });
  });
});
