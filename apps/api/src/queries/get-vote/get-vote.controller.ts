/**
 * GET /api/blocs/:blocId/cycles/:year/votes/:voteId: one roll-call vote, to the readers of the
 * bloc-year (the board, auditors, its members' officers).
 */
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { VotePath } from '../../cycles/vote-path.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { VoteAnswer } from '../get-votes/vote.answer.js';
import { GetVoteQuery } from './get-vote.query.js';

@ApiTags('votes')
@Controller('blocs')
export class GetVoteController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year/votes/:voteId')
  @ApiOperation({ summary: 'One roll-call vote: its ballots, tally and result' })
  @ApiQueryResponses({ type: VoteAnswer, description: 'The vote' }, [400, 403, 404, 503])
  getVote(@Param() { blocId, year, voteId }: VotePath, @CurrentActor() reader: Actor): Promise<VoteAnswer> {
    return this.queryBus.execute(new GetVoteQuery(blocId, year, voteId, reader));
  }
}
