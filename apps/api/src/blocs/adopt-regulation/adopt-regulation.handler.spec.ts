import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type Actor, blocStream, DEFAULT_LEADERSHIP_POLICY } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import {
  auditor,
  by,
  referenceWriteSide,
  type ReferenceWriteSide,
} from '../../testing/reference-write-side.js';
import { AdoptRegulationCommand } from './adopt-regulation.command.js';
import { AdoptRegulationHandler } from './adopt-regulation.handler.js';

describe('AdoptRegulationHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
  });
  afterEach(() => side.close());

  const vote = { of: 'present', ratio: 'two-thirds' } as const;
  const adopt = (year: number, actor: Actor) =>
    new AdoptRegulationHandler(side.streams).execute(
      new AdoptRegulationCommand(
        {
          blocId: side.cycle.blocId,
          year,
          title: `Quy chế ${year}`,
          adoptedOn: `${year}-03-15`,
          policy: { vote },
        },
        by(actor),
      ),
    );

  it("given the year open, when its leader adopts a regulation, then RegulationAdopted with the complete policy on the bloc's stream", async () => {
    await side.given('signed');
    const { year } = side.cycle;
    expect(await side.written(() => adopt(year, officerOf(side.reference.cycle.leader)))).toEqual([
      {
        streamId: blocStream(side.cycle.blocId),
        type: 'RegulationAdopted',
        data: {
          blocId: side.cycle.blocId,
          year,
          title: `Quy chế ${year}`,
          adoptedOn: `${year}-03-15`,
          policy: { ...DEFAULT_LEADERSHIP_POLICY, vote },
        },
      },
    ]);
  });

  it("when another member's officer or an auditor adopts it, then FORBIDDEN and nothing is written", async () => {
    await side.given('signed');
    const other = side.reference.bloc.members.find(
      (m) => m.unitId !== side.reference.cycle.leader && m.unitId !== side.reference.cycle.deputy,
    )!.unitId;
    expect(await side.refused(() => adopt(side.cycle.year, officerOf(other)))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(await side.refused(() => adopt(side.cycle.year, auditor))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });

  it("given the year's scoring finalized, when the board adopts one for it, then WRONG_PHASE and nothing is written", async () => {
    await side.given('finalized');
    expect(await side.refused(() => adopt(side.cycle.year, boardOfficer))).toEqual({
      code: 'WRONG_PHASE',
      written: [],
    });
    expect(await side.refused(() => adopt(side.cycle.year - 1, boardOfficer))).toEqual({
      code: 'WRONG_PHASE',
      written: [],
    });
  });

  it("given the elections held, next year's elected leader may adopt next year's regulation before it opens", async () => {
    await side.given('elected');
    const next = side.reference.expected.leadership2018;
    expect(
      (await side.written(() => adopt(side.cycle.year + 1, officerOf(next.leader)))).map((e) => e.type),
    ).toEqual(['RegulationAdopted']);
  });
});
