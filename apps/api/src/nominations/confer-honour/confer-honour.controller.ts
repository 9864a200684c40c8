/** POST /api/nominations/:id/decision: the board records the chairman's decision conferring the honour. */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationPath } from '../nomination-path.dto.js';
import { ConferHonourCommand } from './confer-honour.command.js';
import { ConferHonourDto } from './confer-honour.dto.js';

@ApiTags('nominations')
@Controller('nominations/:id/decision')
export class ConferHonourController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary: "Record the chairman's decision conferring an approved nomination's honour (board)",
  })
  @ApiCommandResponses('HonourConferred')
  conferHonour(
    @Param() { id }: NominationPath,
    @Body() body: ConferHonourDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new ConferHonourCommand(id, plainData(body), origin));
  }
}
