import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cycleStream } from '@app/domain';
import { officerOf } from '@app/domain/testing';
import { by, referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { CastBallotCommand } from '../cast-ballot/cast-ballot.command.js';
import { CastBallotHandler } from '../cast-ballot/cast-ballot.handler.js';
import { CloseVoteCommand } from '../close-vote/close-vote.command.js';
import { CloseVoteHandler } from '../close-vote/close-vote.handler.js';
import { OpenVoteCommand } from '../open-vote/open-vote.command.js';
import { OpenVoteHandler } from '../open-vote/open-vote.handler.js';
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

  it('given a closed roll-call vote on the top unit, when the leader honours it by the vote, then LeadingUnitHonored with the tally and the vote; while open, WRONG_PHASE', async () => {
    const { leader } = side.reference.cycle;
    const { leadingUnit, bloc } = side.reference;
    const voteId = 'v-honour';
    await new OpenVoteHandler(side.streams).execute(
      new OpenVoteCommand(
        side.cycle,
        { voteId, subject: 'leading-unit', unitId: leadingUnit },
        by(officerOf(leader)),
      ),
    );
    for (const { unitId } of bloc.members) {
      await new CastBallotHandler(side.streams).execute(
        new CastBallotCommand(
          side.cycle,
          { voteId, unitId, choice: unitId === 'dan-toc' ? 'abstain' : 'for' },
          by(officerOf(unitId)),
        ),
      );
    }
    const byVote = () =>
      new HonorLeadingUnitHandler(side.streams).execute(
        new HonorLeadingUnitCommand(side.cycle, { unitId: leadingUnit, voteId }, by(officerOf(leader))),
      );
    expect(await side.refused(byVote)).toEqual({ code: 'WRONG_PHASE', written: [] });
    await new CloseVoteHandler(side.streams).execute(
      new CloseVoteCommand(side.cycle, { voteId }, by(officerOf(leader))),
    );
    const { blocId, year } = side.cycle;
    expect(await side.written(byVote)).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'LeadingUnitHonored',
        data: {
          blocId,
          year,
          unitId: leadingUnit,
          votes: { for: bloc.members.length - 1, against: 0, abstain: 1 },
          voteId,
        },
      },
    ]);
  });
});
