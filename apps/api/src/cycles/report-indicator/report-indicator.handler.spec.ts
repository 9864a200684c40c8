import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { unitCycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { ReportIndicatorCommand } from './report-indicator.command.js';
import { ReportIndicatorHandler } from './report-indicator.handler.js';

describe('ReportIndicatorHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('signed');
  });
  afterEach(() => side.close());

  const report = { unitId: 'y-te', indicator: 'YT1', period: '2017', value: 6.62 };
  const send = (unit: string) =>
    new ReportIndicatorHandler(side.streams).execute(
      new ReportIndicatorCommand(side.cycle, report, by(officerOf(unit))),
    );

  it("given the pact in force, when a unit reports, then IndicatorReported on the unit's own stream", async () => {
    expect(await side.written(() => send('y-te'))).toEqual([
      {
        streamId: unitCycleStream(side.cycle.blocId, side.cycle.year, 'y-te'),
        type: 'IndicatorReported',
        data: expect.objectContaining(report),
      },
    ]);
  });

  it("when another unit's officer reports for it, then FORBIDDEN and nothing is written", async () => {
    expect(await side.refused(() => send('giao-duc'))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
