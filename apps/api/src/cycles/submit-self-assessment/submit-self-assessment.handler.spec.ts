import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { unitCycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { SubmitSelfAssessmentCommand } from './submit-self-assessment.command.js';
import { SubmitSelfAssessmentHandler } from './submit-self-assessment.handler.js';

describe('SubmitSelfAssessmentHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('signed');
  });
  afterEach(() => side.close());

  const scores = [{ criterion: '1.1', points: 240 }];
  const submit = (unit: string) =>
    new SubmitSelfAssessmentHandler(side.streams).execute(
      new SubmitSelfAssessmentCommand(side.cycle, { unitId: 'van-hoa', scores }, by(officerOf(unit))),
    );

  it('given the pact in force, when a unit submits its self-assessment, then SelfAssessmentSubmitted on its own stream', async () => {
    expect(await side.written(() => submit('van-hoa'))).toEqual([
      {
        streamId: unitCycleStream(side.cycle.blocId, side.cycle.year, 'van-hoa'),
        type: 'SelfAssessmentSubmitted',
        data: expect.objectContaining({ unitId: 'van-hoa', scores }),
      },
    ]);
  });

  it("when another unit's officer submits it, then FORBIDDEN and nothing is written", async () => {
    expect(await side.refused(() => submit(side.reference.cycle.leader))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });
});
