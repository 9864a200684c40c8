import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type Actor, cycleStream } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import {
  auditor,
  by,
  referenceWriteSide,
  type ReferenceWriteSide,
} from '../../testing/reference-write-side.js';
import { OpenVoteCommand } from './open-vote.command.js';
import { OpenVoteHandler } from './open-vote.handler.js';

describe('OpenVoteHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
  });
  afterEach(() => side.close());

  const open = (unitId: string, actor: Actor) =>
    new OpenVoteHandler(side.streams).execute(
      new OpenVoteCommand(side.cycle, { voteId: 'v-1', subject: 'leading-unit', unitId }, by(actor)),
    );

  it('given the scoring finalized, when the leader opens a vote on the top unit, then VoteOpened with the members as electorate', async () => {
    await side.given('finalized');
    const { blocId, year } = side.cycle;
    const { leadingUnit, bloc, cycle } = side.reference;
    const opener = leadingUnit === cycle.leader ? cycle.deputy : cycle.leader;
    expect(await side.written(() => open(leadingUnit, officerOf(opener)))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'VoteOpened',
        data: {
          blocId,
          year,
          voteId: 'v-1',
          subject: 'leading-unit',
          unitId: leadingUnit,
          electorate: bloc.members.map((m) => m.unitId),
        },
      },
    ]);
  });

  it('before the scoring is finalized, WRONG_PHASE; on its own unit or by an auditor, FORBIDDEN; nothing written', async () => {
    await side.given('scored');
    expect(await side.refused(() => open(side.reference.leadingUnit, boardOfficer))).toEqual({
      code: 'WRONG_PHASE',
      written: [],
    });
    const { leader } = side.reference.cycle;
    expect(await side.refused(() => open(leader, officerOf(leader)))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
    expect(await side.refused(() => open(leader, auditor))).toEqual({ code: 'FORBIDDEN', written: [] });
  });
});
