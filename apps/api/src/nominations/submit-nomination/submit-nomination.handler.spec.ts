import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError, nominationDecider, nominationStream } from '@app/domain';
import { officerOf, type ReferenceCase } from '@app/domain/testing';
import { deferred } from '@app/event-store/testing';
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

  describe("a unit in two blocs' cycles of the year", () => {
    const OTHER_BLOC = 'kg-khoi-9';

    it("given both honoured with it leading (and the same runners-up), when the second bloc nominates it for the same award, then ALREADY_EXISTS naming the first bloc's nomination, nothing written", async () => {
      await side.given('honoured');
      const other = nominationSteps(side, await side.givenBloc(OTHER_BLOC, 'honoured'));
      const { leadingUnit, expected } = side.reference;
      const runnerUp = expected.ranking[1]!.unitId;
      for (const [unitId, award] of [
        [leadingUnit, 'emulation-flag'],
        [runnerUp, 'certificate-of-merit'],
      ] as const) {
        expect(await side.written(() => steps.submit(unitId, award))).toHaveLength(1);
        expect(await side.refused(() => other.submit(unitId, award))).toEqual({
          code: 'ALREADY_EXISTS',
          written: [],
        });
        await expect(other.submit(unitId, award)).rejects.toMatchObject({
          code: 'ALREADY_EXISTS',
          details: { nominationId: steps.idOf(unitId, award) },
        });
        const absent = await side.streams.load(
          nominationStream(other.idOf(unitId, award)),
          nominationDecider,
        );
        expect(absent).toMatchObject({ state: null, revision: -1 });
      }
    });

    it('given the second bloc ranks it a runner-up, when it nominates the unit the first bloc proposed for the flag for the certificate of merit, then NominationSubmitted', async () => {
      await side.given('honoured');
      const { leadingUnit, expected } = side.reference;
      const second = expected.ranking[1]!.unitId;
      // The second bloc's case with the two units' parts swapped: there the second leads.
      const other = nominationSteps(
        side,
        await side.givenBloc(OTHER_BLOC, 'honoured', swapUnits(side.reference, leadingUnit, second)),
      );
      await steps.submit(leadingUnit, 'emulation-flag');
      expect(await side.written(() => other.submit(leadingUnit, 'certificate-of-merit'))).toEqual([
        expect.objectContaining({
          streamId: nominationStream(other.idOf(leadingUnit, 'certificate-of-merit')),
          type: 'NominationSubmitted',
        }),
      ]);
    });

    it('when both blocs nominate it for the flag at once, then exactly one is accepted and the other is ALREADY_EXISTS', async () => {
      await side.given('honoured');
      const other = nominationSteps(side, await side.givenBloc(OTHER_BLOC, 'honoured'));
      const { leadingUnit } = side.reference;
      const results = await Promise.allSettled([
        steps.submit(leadingUnit, 'emulation-flag'),
        other.submit(leadingUnit, 'emulation-flag'),
      ]);
      expect(results.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
      const refusal = results.find((result) => result.status === 'rejected')!.reason as unknown;
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await side.store.readAll({ types: ['NominationSubmitted'] })).toHaveLength(1);
    });
  });

  it('lets a submission waiting for its turn when the API shuts down finish before the store closes: its NominationSubmitted is durable', async () => {
    await side.given('honoured');
    const { leadingUnit } = side.reference;
    const turn = deferred();
    // Another submission of the unit for the flag holds the section.
    const holder = side.sections.run(
      `nomination:${side.cycle.year}:emulation-flag:${leadingUnit}`,
      () => turn.promise,
    );
    const submitted = steps.submit(leadingUnit, 'emulation-flag');
    let shutDown = false;
    const shutdown = side.streams.onApplicationShutdown().then(() => (shutDown = true));
    for (let tick = 0; tick < 10; tick++) await new Promise((resolve) => setImmediate(resolve));
    expect(shutDown).toBe(false);

    turn.resolve();
    await holder;
    await expect(submitted).resolves.toMatchObject({ events: ['NominationSubmitted'] });
    await shutdown;
    const stored = await side.store.readStream(nominationStream(steps.idOf(leadingUnit, 'emulation-flag')));
    expect(stored.map((event) => event.type)).toEqual(['NominationSubmitted']);
  });

  it('refuses a cycle never opened: NOT_FOUND', async () => {
    await side.given('registered');
    const handler = new SubmitNominationHandler(side.streams, side.sections);
    const command = new SubmitNominationCommand(
      side.cycle,
      { unitId: side.reference.leadingUnit, award: 'emulation-flag', documents: DOSSIER },
      by(officerOf(side.reference.cycle.leader)),
    );
    expect(await side.refused(() => handler.execute(command))).toEqual({ code: 'NOT_FOUND', written: [] });
  });
});

/** The case with two units' parts (targets, signatures, reports, scores) swapped, and so their places. */
function swapUnits(reference: ReferenceCase, a: string, b: string): ReferenceCase {
  const swap = (unitId: string) => (unitId === a ? b : unitId === b ? a : unitId);
  const swapRows = <T extends { readonly unitId: string }>(rows: readonly T[]): T[] =>
    rows.map((row) => ({ ...row, unitId: swap(row.unitId) }));
  return {
    ...reference,
    targets: swapRows(reference.targets),
    signatures: swapRows(reference.signatures),
    reports: swapRows(reference.reports),
    scores: swapRows(reference.scores),
    leadingUnit: swap(reference.leadingUnit),
  };
}
