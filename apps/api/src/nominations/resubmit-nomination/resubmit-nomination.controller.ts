/**
 * POST /api/nominations/:id/resubmission: board or unit officers may call it; the decider
 * admits the board, or an officer of the nomination's cycle's leader or deputy, never for its
 * own unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationPath } from '../nomination-path.dto.js';
import { ResubmitNominationCommand } from './resubmit-nomination.command.js';
import { ResubmitNominationDto } from './resubmit-nomination.dto.js';

@ApiTags('nominations')
@Controller('nominations/:id/resubmission')
export class ResubmitNominationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: "Resubmit a returned nomination with new documents (the cycle's leader or deputy)",
  })
  @ApiCommandResponses('NominationResubmitted')
  resubmitNomination(
    @Param() { id }: NominationPath,
    @Body() body: ResubmitNominationDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new ResubmitNominationCommand(id, plainData(body), origin));
  }
}
