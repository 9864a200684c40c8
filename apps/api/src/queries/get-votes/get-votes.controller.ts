/**
 * GET /api/blocs/:blocId/cycles/:year/votes: the board, auditors, and officers of the bloc's
 * members (or of that year's cycle) read the year's roll-call votes.
 */
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetVotesQuery } from './get-votes.query.js';
import { VoteAnswer } from './vote.answer.js';

@ApiTags('votes')
@Controller('blocs')
export class GetVotesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year/votes')
  @ApiOperation({ summary: "A bloc-year's roll-call votes, with their ballots, tallies and results" })
  @ApiQueryResponses(
    { type: VoteAnswer, isArray: true, description: "The year's votes, in the order opened" },
    [400, 403, 404, 503],
  )
  getVotes(
    @Param() { blocId, year }: CyclePath,
    @CurrentActor() reader: Actor,
  ): Promise<readonly VoteAnswer[]> {
    return this.queryBus.execute(new GetVotesQuery(blocId, year, reader));
  }
}
