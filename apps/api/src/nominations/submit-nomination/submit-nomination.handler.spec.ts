import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { nominationStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { DOSSIER, nominationSteps } from '../../testing/reference-nominations.js';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { SubmitNominationCommand } from './submit-nomination.command.js';
import { SubmitNominationHandler } from './submit-nomination.handler.js';

describe('SubmitNominationHandler', () => {
  let side: ReferenceWriteSide;
  let steps: ReturnType<typeof nominationSteps>;
  beforeEach(async () => {
    side = await referenceWriteSide();
    steps = nominationSteps(side);
  });
  afterEach(() => side.close());

  it('given the leading unit honoured, when the leader nominates it for the flag, then NominationSubmitted on its own stream and the answer names it', async () => {
    await side.given('honoured');
    const { leadingUnit, bloc } = side.reference;
    const id = steps.idOf(leadingUnit, 'emulation-flag');
    let answer: unknown;
    const written = await side.written(async () => {
      answer = await steps.submit(leadingUnit, 'emulation-flag');
    });
    expect(answer).toMatchObject({ nominationId: id, events: ['NominationSubmitted'] });
    expect(written).toEqual([
      {
        streamId: nominationStream(id),
        type: 'NominationSubmitted',
        data: expect.objectContaining({
          nominationId: id,
          blocId: bloc.id,
          year: side.cycle.year,
          unitId: leadingUnit,
          award: 'emulation-flag',
          province: bloc.province,
          unitName: bloc.members.find((m) => m.unitId === leadingUnit)!.name,
          documents: DOSSIER,
        }),
      },
    ]);
  });

  it('refuses a nomination before the leading unit is honoured: WRONG_PHASE, nothing written', async () => {
    await side.given('finalized');
    const { leadingUnit } = side.reference;
    expect(await side.refused(() => steps.submit(leadingUnit, 'emulation-flag'))).toEqual({
      code: 'WRONG_PHASE',
      written: [],
    });
  });

  it('refuses a flag for a runner-up or a certificate for the last (NOT_ELIGIBLE), a second nomination (ALREADY_EXISTS), its own unit (FORBIDDEN), writing nothing', async () => {
    const { leadingUnit, cycle, expected } = side.reference;
    await side.given('honoured');
    const [, second] = expected.ranking;
    const last = expected.ranking.at(-1)!;
    expect(await side.refused(() => steps.submit(second!.unitId, 'emulation-flag'))).toEqual({
      code: 'NOT_ELIGIBLE',
      written: [],
    });
    expect(await side.refused(() => steps.submit(last.unitId, 'certificate-of-merit'))).toEqual({
      code: 'NOT_ELIGIBLE',
      written: [],
    });
    await steps.submit(leadingUnit, 'emulation-flag');
    expect(await side.refused(() => steps.submit(leadingUnit, 'emulation-flag'))).toEqual({
      code: 'ALREADY_EXISTS',
      written: [],
    });
    // The leader is a runner-up: its own officer may not nominate it; the deputy's may.
    expect(await side.refused(() => steps.submit(cycle.leader, 'certificate-of-merit'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(
      await side.written(() => steps.submit(cycle.leader, 'certificate-of-merit', officerOf(cycle.deputy))),
    ).toHaveLength(1);
  });

  it('refuses a cycle never opened: NOT_FOUND', async () => {
    await side.given('registered');
    const handler = new SubmitNominationHandler(side.streams);
    const command = new SubmitNominationCommand(
      side.cycle,
      { unitId: side.reference.leadingUnit, award: 'emulation-flag', documents: DOSSIER },
      by(officerOf(side.reference.cycle.leader)),
    );
    expect(await side.refused(() => handler.execute(command))).toEqual({ code: 'NOT_FOUND', written: [] });
  });
});
