/**
 * POST /api/blocs/:blocId/cycles/:year/elections: board or unit officers may call it; to record
 * the election the decider admits the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import { CyclePath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { ElectLeadershipCommand } from './elect-leadership.command.js';
import { ElectLeadershipDto } from './elect-leadership.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/elections')
export class ElectLeadershipController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: "Elect next year's leader or deputy with the vote tally (leader)" })
  @ApiCommandResponses('LeaderElected / DeputyElected')
  @ApiResponse({
    status: 422,
    description: 'ELECTION_NOT_PASSED: the vote named did not pass, or was on another office or unit',
    type: ErrorAnswer,
  })
  electLeadership(
    @Param() cycle: CyclePath,
    @Body() body: ElectLeadershipDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new ElectLeadershipCommand(cycle, plainData(body), origin));
  }
}
