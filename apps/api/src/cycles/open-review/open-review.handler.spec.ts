import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream, unitCycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { OpenReviewCommand } from './open-review.command.js';
import { OpenReviewHandler } from './open-review.handler.js';

describe('OpenReviewHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('reported');
  });
  afterEach(() => side.close());

  const open = (unit: string) =>
    new OpenReviewHandler(side.streams).execute(
      new OpenReviewCommand(side.cycle, side.reference.review, by(officerOf(unit))),
    );

  it("given the reports in, when the leader opens the review, then every member's reporting closes, then ReviewOpened", async () => {
    const { blocId, year } = side.cycle;
    expect(await side.written(() => open(side.reference.cycle.leader))).toEqual([
      ...side.reference.bloc.members.map(({ unitId }) => ({
        streamId: unitCycleStream(blocId, year, unitId),
        type: 'ReportingClosed',
        data: { blocId, year, unitId },
      })),
      {
        streamId: cycleStream(blocId, year),
        type: 'ReviewOpened',
        data: { blocId, year, ...side.reference.review },
      },
    ]);
  });

  it('when a unit outside the leadership opens it, then FORBIDDEN and no stream is fenced', async () => {
    expect(await side.refused(() => open('van-hoa'))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
