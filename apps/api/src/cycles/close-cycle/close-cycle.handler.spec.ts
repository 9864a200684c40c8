import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { CloseCycleCommand } from './close-cycle.command.js';
import { CloseCycleHandler } from './close-cycle.handler.js';

describe('CloseCycleHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('elected');
  });
  afterEach(() => side.close());

  const close = (unit: string) =>
    new CloseCycleHandler(side.streams).execute(new CloseCycleCommand(side.cycle, {}, by(officerOf(unit))));

  it("given next year's leadership elected, when the leader closes the cycle, then CycleClosed on the cycle stream", async () => {
    const { blocId, year } = side.cycle;
    expect(await side.written(() => close(side.reference.cycle.leader))).toEqual([
      { streamId: cycleStream(blocId, year), type: 'CycleClosed', data: { blocId, year } },
    ]);
  });

  it('when a unit outside the leadership closes it, then FORBIDDEN and nothing is written', async () => {
    expect(await side.refused(() => close('van-hoa'))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
