import { describe, expect, it } from '@jest/globals';
import { foldDocuments } from '../projection.js';
import { NOMINATION_ID, nominationLog } from '../testing/nomination-log.js';
import { honoursProjection } from './honours.projection.js';

const after = (steps: number) =>
  foldDocuments(honoursProjection, nominationLog.slice(0, steps)).get(NOMINATION_ID);

describe('HonoursProjection', () => {
  it('registers nothing before the decision', () => {
    expect(after(5)).toBeUndefined();
  });

  it("registers the honour with the chairman's decision", () => {
    expect(after(6)).toEqual({
      nominationId: NOMINATION_ID,
      unitId: 'lao-dong',
      unitName: 'Sở Lao động - Thương binh và Xã hội',
      blocId: 'kg-khoi-4',
      province: 'Kiên Giang',
      year: 2017,
      award: 'emulation-flag',
      decisionNo: '512/QĐ-UBND',
      decidedOn: '2018-03-15',
      signedBy: 'Chủ tịch UBND tỉnh',
      annulled: false,
    });
  });

  it('keeps an annulled honour in the register, marked annulled, with the annulling decision', () => {
    expect(after(7)).toMatchObject({
      decisionNo: '512/QĐ-UBND',
      annulled: true,
      annulment: { decisionNo: '88/QĐ-UBND', reason: 'false declarations' },
    });
  });

  it('gives the same register folded in one run or event by event', () => {
    const byEvent = new Map();
    for (const event of nominationLog) foldDocuments(honoursProjection, [event], byEvent);
    expect(byEvent).toEqual(foldDocuments(honoursProjection, nominationLog));
  });
});
