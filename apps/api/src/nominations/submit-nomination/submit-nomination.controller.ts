/**
 * POST /api/blocs/:blocId/cycles/:year/nominations: board or unit officers may call it; the
 * decider admits the board, or an officer of the year's leader or deputy unit, never for its
 * own unit. The answer adds the new nomination's id.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import { CyclePath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationAccepted } from './nomination-accepted.js';
import { SubmitNominationCommand } from './submit-nomination.command.js';
import { SubmitNominationDto } from './submit-nomination.dto.js';

@ApiTags('nominations')
@Controller('blocs/:blocId/cycles/:year/nominations')
export class SubmitNominationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary:
      'Nominate the honoured leading unit for the emulation flag or a runner-up for the certificate of merit (leader or deputy; never its own unit)',
  })
  @ApiCommandResponses('NominationSubmitted', NominationAccepted)
  @ApiResponse({
    status: 422,
    description:
      'NOT_ELIGIBLE: the unit may not be nominated for this award (a second flag for the bloc-year included)',
    type: ErrorAnswer,
  })
  submitNomination(
    @Param() cycle: CyclePath,
    @Body() body: SubmitNominationDto,
    @Origin() origin: CommandOrigin,
  ): Promise<NominationAccepted> {
    return this.commandBus.execute(new SubmitNominationCommand(cycle, plainData(body), origin));
  }
}
