import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream, DEFAULT_LEADERSHIP_POLICY } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { FinalizeScoringCommand } from './finalize-scoring.command.js';
import { FinalizeScoringHandler } from './finalize-scoring.handler.js';

describe('FinalizeScoringHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('scored');
  });
  afterEach(() => side.close());

  const finalize = (unit: string) =>
    new FinalizeScoringHandler(side.streams).execute(
      new FinalizeScoringCommand(side.cycle, {}, by(officerOf(unit))),
    );

  it('given every score awarded, when the deputy finalizes, then ScoringFinalized with the policy the year keeps', async () => {
    const { blocId, year } = side.cycle;
    expect(await side.written(() => finalize(side.reference.cycle.deputy))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'ScoringFinalized',
        data: { blocId, year, policy: DEFAULT_LEADERSHIP_POLICY },
      },
    ]);
  });

  it('keeps the policy the cycle opened with when a regulation for an earlier year lands after the opening', async () => {
    const { blocId, year } = side.cycle;
    // Decided before the year opened (the domain refuses it after), written after the opening,
    // as two streams allow: the year's cycle copied its policy at opening and keeps it.
    await side.landRegulation({
      blocId,
      year: year - 1,
      title: 'Quy chế',
      adoptedOn: `${year - 1}-03-01`,
      policy: { ...DEFAULT_LEADERSHIP_POLICY, vote: { of: 'present', ratio: 'two-thirds' } },
    });
    expect(await side.written(() => finalize(side.reference.cycle.deputy))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'ScoringFinalized',
        data: { blocId, year, policy: DEFAULT_LEADERSHIP_POLICY },
      },
    ]);
  });

  it('when a unit outside the leadership finalizes, then FORBIDDEN and nothing is written', async () => {
    expect(await side.refused(() => finalize('van-hoa'))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
