import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { AwardScoreCommand } from './award-score.command.js';
import { AwardScoreHandler } from './award-score.handler.js';

describe('AwardScoreHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('in review');
  });
  afterEach(() => side.close());

  const award = (unitId: string, unit: string) =>
    new AwardScoreHandler(side.streams).execute(
      new AwardScoreCommand(side.cycle, { unitId, criterion: '1.2', points: 95 }, by(officerOf(unit))),
    );

  it("given the review open, when the leader awards another unit's points, then ScoreAwarded on the cycle stream", async () => {
    expect(await side.written(() => award('van-hoa', side.reference.cycle.leader))).toEqual([
      {
        streamId: cycleStream(side.cycle.blocId, side.cycle.year),
        type: 'ScoreAwarded',
        data: expect.objectContaining({ unitId: 'van-hoa', criterion: '1.2', points: 95 }),
      },
    ]);
  });

  it('when the leader awards its own unit, or a unit outside the leadership awards, then FORBIDDEN and nothing is written', async () => {
    const { leader } = side.reference.cycle;
    expect(await side.refused(() => award(leader, leader))).toEqual({ code: 'FORBIDDEN', written: [] });
    expect(await side.refused(() => award('van-hoa', 'lao-dong'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
