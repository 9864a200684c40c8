import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { ElectLeadershipCommand } from './elect-leadership.command.js';
import { ElectLeadershipHandler } from './elect-leadership.handler.js';

describe('ElectLeadershipHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('honoured');
  });
  afterEach(() => side.close());

  const votes = { for: 7, against: 0, abstain: 0 };
  const elect = (unitId: string, unit: string) =>
    new ElectLeadershipHandler(side.streams).execute(
      new ElectLeadershipCommand(side.cycle, { role: 'leader', unitId, votes }, by(officerOf(unit))),
    );

  it("given the leading unit honoured, when the leader records next year's leader, then LeaderElected for next year", async () => {
    const { blocId, year } = side.cycle;
    expect(await side.written(() => elect('van-hoa', side.reference.cycle.leader))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'LeaderElected',
        data: { blocId, year, forYear: year + 1, unitId: 'van-hoa', votes },
      },
    ]);
  });

  it('when the elected unit records its own election, or a unit outside the leadership records one, then FORBIDDEN and nothing is written', async () => {
    const { deputy } = side.reference.cycle;
    expect(await side.refused(() => elect(deputy, deputy))).toEqual({ code: 'FORBIDDEN', written: [] });
    expect(await side.refused(() => elect('van-hoa', 'lao-dong'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
