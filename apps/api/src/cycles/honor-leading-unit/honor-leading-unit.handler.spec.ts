import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { HonorLeadingUnitCommand } from './honor-leading-unit.command.js';
import { HonorLeadingUnitHandler } from './honor-leading-unit.handler.js';

describe('HonorLeadingUnitHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('finalized');
  });
  afterEach(() => side.close());

  const honour = (unitId: string, unit: string) =>
    new HonorLeadingUnitHandler(side.streams).execute(
      new HonorLeadingUnitCommand(side.cycle, { unitId }, by(officerOf(unit))),
    );

  it('given the scoring finalized, when the leader honours the top unit, then LeadingUnitHonored on the cycle stream', async () => {
    const { blocId, year } = side.cycle;
    const { leadingUnit } = side.reference;
    expect(await side.written(() => honour(leadingUnit, side.reference.cycle.leader))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'LeadingUnitHonored',
        data: { blocId, year, unitId: leadingUnit },
      },
    ]);
  });

  it('when the leader honours its own unit, or the top unit honours itself, then FORBIDDEN and nothing is written', async () => {
    const { leader } = side.reference.cycle;
    const { leadingUnit } = side.reference;
    expect(await side.refused(() => honour(leader, leader))).toEqual({ code: 'FORBIDDEN', written: [] });
    expect(await side.refused(() => honour(leadingUnit, leadingUnit))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
