/**
 * POST /api/blocs/:blocId/cycles/:year/votes/:voteId/ballots: a unit's officer casts its own
 * unit's ballot, once per vote, while the vote is open.
 */
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { VotePath } from '../vote-path.dto.js';
import { CastBallotCommand } from './cast-ballot.command.js';
import { CastBallotDto } from './cast-ballot.dto.js';

@ApiTags('votes')
@Controller('blocs/:blocId/cycles/:year/votes/:voteId/ballots')
export class CastBallotController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('unit')
  @ApiOperation({ summary: "Cast one's own unit's ballot: for, against or abstain (unit, own)" })
  @ApiCommandResponses('BallotCast')
  @ApiResponse({
    status: 409,
    description: 'ALREADY_VOTED: the unit has cast its ballot on this vote',
    type: ErrorAnswer,
  })
  castBallot(
    @Param() { blocId, year, voteId }: VotePath,
    @Body() { unitId, choice }: CastBallotDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(
      new CastBallotCommand({ blocId, year }, { voteId, unitId, choice }, origin),
    );
  }
}
