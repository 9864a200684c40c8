/**
 * POST /api/blocs/:blocId/cycles/:year/close: board or unit officers may call it; to close the
 * year the decider admits the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { CloseCycleCommand } from './close-cycle.command.js';
import { CloseCycleDto } from './close-cycle.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/close')
export class CloseCycleController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: 'Close the year after both elections; it is then read-only (leader)' })
  @ApiCommandResponses('CycleClosed')
  closeCycle(
    @Param() cycle: CyclePath,
    @Body() _body: CloseCycleDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new CloseCycleCommand(cycle, {}, origin));
  }
}
