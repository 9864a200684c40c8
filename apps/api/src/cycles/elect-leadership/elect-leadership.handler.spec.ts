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
import { ElectLeadershipCommand } from './elect-leadership.command.js';
import { ElectLeadershipHandler } from './elect-leadership.handler.js';

describe('ElectLeadershipHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('honoured');
  });
  afterEach(() => side.close());

  const votes = { for: 7, against: 0, abstain: 0 };
  const elect = (unitId: string, unit: string) =>
    new ElectLeadershipHandler(side.streams).execute(
      new ElectLeadershipCommand(side.cycle, { role: 'leader', unitId, votes }, by(officerOf(unit))),
    );

  it("given the leading unit honoured, when the leader records next year's leader, then LeaderElected for next year", async () => {
    const { blocId, year } = side.cycle;
    expect(await side.written(() => elect('van-hoa', side.reference.cycle.leader))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'LeaderElected',
        data: { blocId, year, forYear: year + 1, unitId: 'van-hoa', votes },
      },
    ]);
  });

  it('when the elected unit records its own election, or a unit outside the leadership records one, then FORBIDDEN and nothing is written', async () => {
    const { deputy } = side.reference.cycle;
    expect(await side.refused(() => elect(deputy, deputy))).toEqual({ code: 'FORBIDDEN', written: [] });
    expect(await side.refused(() => elect('van-hoa', 'lao-dong'))).toEqual({
      code: 'FORBIDDEN',
      written: [],
    });
  });

  it("given a closed roll-call vote, when the leader records the election by its id, then LeaderElected with the vote's tally and id; a failed one is ELECTION_NOT_PASSED", async () => {
    const { leader } = side.reference.cycle;
    const rollCall = async (voteId: string, choice: 'for' | 'against') => {
      await new OpenVoteHandler(side.streams).execute(
        new OpenVoteCommand(
          side.cycle,
          { voteId, subject: 'leader', unitId: 'van-hoa' },
          by(officerOf(leader)),
        ),
      );
      for (const { unitId } of side.reference.bloc.members) {
        await new CastBallotHandler(side.streams).execute(
          new CastBallotCommand(side.cycle, { voteId, unitId, choice }, by(officerOf(unitId))),
        );
      }
      await new CloseVoteHandler(side.streams).execute(
        new CloseVoteCommand(side.cycle, { voteId }, by(officerOf(leader))),
      );
    };
    const byVote = (voteId: string) =>
      new ElectLeadershipHandler(side.streams).execute(
        new ElectLeadershipCommand(
          side.cycle,
          { role: 'leader', unitId: 'van-hoa', voteId },
          by(officerOf(leader)),
        ),
      );
    await rollCall('v-failed', 'against');
    expect(await side.refused(() => byVote('v-failed'))).toEqual({
      code: 'ELECTION_NOT_PASSED',
      written: [],
    });
    await rollCall('v-passed', 'for');
    const { blocId, year } = side.cycle;
    expect(await side.written(() => byVote('v-passed'))).toEqual([
      {
        streamId: cycleStream(blocId, year),
        type: 'LeaderElected',
        data: { blocId, year, forYear: year + 1, unitId: 'van-hoa', votes, voteId: 'v-passed' },
      },
    ]);
  });
});
