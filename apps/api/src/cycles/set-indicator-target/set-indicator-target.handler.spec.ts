import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { SetIndicatorTargetCommand } from './set-indicator-target.command.js';
import { SetIndicatorTargetHandler } from './set-indicator-target.handler.js';

describe('SetIndicatorTargetHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('opened');
  });
  afterEach(() => side.close());

  const target = (unitId: string) => ({
    unitId,
    code: 'T9',
    title: 'Hồ sơ trực tuyến',
    criterion: '1.1',
    measure: '%',
    direction: 'increase' as const,
    target: 80,
  });
  const setTarget = (unitId: string, unit: string) =>
    new SetIndicatorTargetHandler(side.streams).execute(
      new SetIndicatorTargetCommand(side.cycle, target(unitId), by(officerOf(unit))),
    );

  it("given an opened cycle, when the leader sets another unit's target, then IndicatorTargetSet on the cycle stream", async () => {
    const { leader } = side.reference.cycle;
    expect(await side.written(() => setTarget('van-hoa', leader))).toEqual([
      {
        streamId: cycleStream(side.cycle.blocId, side.cycle.year),
        type: 'IndicatorTargetSet',
        data: expect.objectContaining(target('van-hoa')),
      },
    ]);
  });

  it('when a unit outside the leadership, or the leader for its own unit, sets a target, then FORBIDDEN and nothing is written', async () => {
    const { leader } = side.reference.cycle;
    expect(await side.refused(() => setTarget('van-hoa', 'lao-dong'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(await side.refused(() => setTarget(leader, leader))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
