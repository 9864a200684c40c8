import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { givenNomination, type NominationSteps } from '../../testing/reference-nominations.js';
import type { ReferenceWriteSide } from '../../testing/reference-write-side.js';

describe('ConferHonourHandler', () => {
  let side: ReferenceWriteSide;
  let steps: NominationSteps;
  let id: string;
  beforeEach(async () => {
    ({ side, steps, id } = await givenNomination('forwarded'));
  });
  afterEach(() => side.close());

  it('refuses a decision before the council approved (WRONG_PHASE); given it approved, HonourConferred with the unit, province and decision', async () => {
    expect(await side.refused(() => steps.confer(id))).toEqual({ code: 'WRONG_PHASE', written: [] });
    await steps.vote(id, 7);
    const { bloc, leadingUnit } = side.reference;
    expect(await side.written(() => steps.confer(id))).toEqual([
      {
        streamId: nominationStream(id),
        type: 'HonourConferred',
        data: expect.objectContaining({
          unitId: leadingUnit,
          unitName: bloc.members.find((m) => m.unitId === leadingUnit)!.name,
          province: bloc.province,
          decisionNo: '512/QĐ-UBND',
          decidedOn: '2018-03-15',
        }),
      },
    ]);
  });

  it('refuses to decide a nomination the council rejected: WRONG_PHASE', async () => {
    await steps.vote(id, 5);
    expect(await side.refused(() => steps.confer(id))).toEqual({ code: 'WRONG_PHASE', written: [] });
  });
});
