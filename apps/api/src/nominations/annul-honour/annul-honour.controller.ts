/** POST /api/nominations/:id/annulment: the board records a later decision annulling a conferred honour. */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationPath } from '../nomination-path.dto.js';
import { AnnulHonourCommand } from './annul-honour.command.js';
import { AnnulHonourDto } from './annul-honour.dto.js';

@ApiTags('nominations')
@Controller('nominations/:id/annulment')
export class AnnulHonourController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary: 'Annul a conferred honour by a later decision, with a reason (board); it stays in the register',
  })
  @ApiCommandResponses('HonourAnnulled')
  annulHonour(
    @Param() { id }: NominationPath,
    @Body() body: AnnulHonourDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new AnnulHonourCommand(id, plainData(body), origin));
  }
}
