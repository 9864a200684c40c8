/**
 * POST /api/blocs/:blocId/cycles/:year/votes/:voteId/close: board or unit officers may call it;
 * the decider admits the board, or an officer of the year's leader or deputy unit.
 */
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { VotePath } from '../vote-path.dto.js';
import { CloseVoteCommand } from './close-vote.command.js';
import { CloseVoteDto } from './close-vote.dto.js';

@ApiTags('votes')
@Controller('blocs/:blocId/cycles/:year/votes/:voteId/close')
export class CloseVoteController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: "Close the vote: its tally and whether it passed under the year's regulation (leader)",
  })
  @ApiCommandResponses('VoteClosed')
  closeVote(
    @Param() { blocId, year, voteId }: VotePath,
    @Body() _body: CloseVoteDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new CloseVoteCommand({ blocId, year }, { voteId }, origin));
  }
}
