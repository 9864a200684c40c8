import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { SignPactCommand } from './sign-pact.command.js';
import { SignPactHandler } from './sign-pact.handler.js';

describe('SignPactHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('targets set');
  });
  afterEach(() => side.close());

  const sign = (unitId: string, unit: string) =>
    new SignPactHandler(side.streams).execute(
      new SignPactCommand(side.cycle, { unitId, signatory: { title: 'Giám đốc' } }, by(officerOf(unit))),
    );

  it("given the targets set, when a unit's officer signs for it, then PactSigned on the cycle stream", async () => {
    expect(await side.written(() => sign('van-hoa', 'van-hoa'))).toEqual([
      {
        streamId: cycleStream(side.cycle.blocId, side.cycle.year),
        type: 'PactSigned',
        data: expect.objectContaining({
          unitId: 'van-hoa',
          signatory: expect.objectContaining({ title: 'Giám đốc' }),
        }),
      },
    ]);
  });

  it("when another unit's officer, even the leader's, signs for it, then FORBIDDEN and nothing is written", async () => {
    expect(await side.refused(() => sign('van-hoa', side.reference.cycle.leader))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
