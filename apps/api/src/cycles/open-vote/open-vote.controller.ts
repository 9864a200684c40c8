/**
 * POST /api/blocs/:blocId/cycles/:year/votes: board or unit officers may call it; the decider
 * admits the board, or an officer of the year's leader or deputy unit (not on its own unit).
 * The vote's id is the command's id, so a retry under the same Idempotency-Key names the same vote.
 */
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import { VoteOpenedAnswer } from './vote-opened.answer.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { OpenVoteCommand } from './open-vote.command.js';
import { OpenVoteDto } from './open-vote.dto.js';

@ApiTags('votes')
@Controller('blocs/:blocId/cycles/:year/votes')
export class OpenVoteController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary:
      'Open a roll-call vote on the leading unit, the leader or the deputy; the answer adds voteId (leader)',
  })
  @ApiCommandResponses('VoteOpened', VoteOpenedAnswer)
  async openVote(
    @Param() cycle: CyclePath,
    @Body() { subject, candidate }: OpenVoteDto,
    @Origin() origin: CommandOrigin,
  ): Promise<VoteOpenedAnswer> {
    const voteId = origin.causationId;
    const accepted = await this.commandBus.execute(
      new OpenVoteCommand(cycle, { voteId, subject, unitId: candidate }, origin),
    );
    return { ...accepted, voteId };
  }
}
