/** POST /api/nominations/:id/appraisal: the board (Ban Thi đua – Khen thưởng) forwards or returns a nomination. */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationPath } from '../nomination-path.dto.js';
import { AppraiseNominationCommand } from './appraise-nomination.command.js';
import { AppraiseNominationDto } from './appraise-nomination.dto.js';

@ApiTags('nominations')
@Controller('nominations/:id/appraisal')
export class AppraiseNominationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary: 'Forward a submitted nomination to the council, or return it with a reason (board)',
  })
  @ApiCommandResponses('NominationForwarded / NominationReturned')
  appraiseNomination(
    @Param() { id }: NominationPath,
    @Body() body: AppraiseNominationDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new AppraiseNominationCommand(id, plainData(body), origin));
  }
}
