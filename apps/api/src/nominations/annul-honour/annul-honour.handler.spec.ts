import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { givenNomination, type NominationSteps } from '../../testing/reference-nominations.js';
import { auditor, type ReferenceWriteSide } from '../../testing/reference-write-side.js';

describe('AnnulHonourHandler', () => {
  let side: ReferenceWriteSide;
  let steps: NominationSteps;
  let id: string;
  beforeEach(async () => {
    ({ side, steps, id } = await givenNomination('approved'));
  });
  afterEach(() => side.close());

  it('refuses to annul an honour not conferred (WRONG_PHASE); given it conferred, HonourAnnulled with the reason, once', async () => {
    expect(await side.refused(() => steps.annul(id))).toEqual({ code: 'WRONG_PHASE', written: [] });
    await steps.confer(id);
    expect(await side.written(() => steps.annul(id))).toEqual([
      {
        streamId: nominationStream(id),
        type: 'HonourAnnulled',
        data: expect.objectContaining({ decisionNo: '88/QĐ-UBND', reason: 'false declarations' }),
      },
    ]);
    expect(await side.refused(() => steps.annul(id))).toEqual({ code: 'WRONG_PHASE', written: [] });
  });

  it('leaves the annulment to the board: an auditor is FORBIDDEN', async () => {
    await steps.confer(id);
    expect(await side.refused(() => steps.annul(id, auditor))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
