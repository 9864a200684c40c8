import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { DOSSIER, MINUTES, givenNomination, type NominationSteps } from '../../testing/reference-nominations.js';
import type { ReferenceWriteSide } from '../../testing/reference-write-side.js';

describe('ResubmitNominationHandler', () => {
  let side: ReferenceWriteSide;
  let steps: NominationSteps;
  let id: string;
  beforeEach(async () => {
    ({ side, steps, id } = await givenNomination('submitted'));
  });
  afterEach(() => side.close());

  it('refuses a nomination not returned (WRONG_PHASE); given it returned, the deputy resubmits it with the new documents', async () => {
    expect(await side.refused(() => steps.resubmit(id))).toEqual({ code: 'WRONG_PHASE', written: [] });
    await steps.appraise(id, 'returned');
    expect(await side.written(() => steps.resubmit(id, officerOf(side.reference.cycle.deputy)))).toEqual([
      {
        streamId: nominationStream(id),
        type: 'NominationResubmitted',
        data: expect.objectContaining({ documents: [...DOSSIER, MINUTES], note: 'minutes added' }),
      },
    ]);
  });

  it('leaves the resubmission to that cycle’s leader and deputy: another unit, or the nominated unit itself, is FORBIDDEN', async () => {
    await steps.appraise(id, 'returned');
    for (const unit of ['du-lich', side.reference.leadingUnit]) {
      expect(await side.refused(() => steps.resubmit(id, officerOf(unit)))).toEqual({
        code: 'FORBIDDEN',
        written: [],
      });
    }
  });
});
