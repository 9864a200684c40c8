/**
 * POST /api/blocs/:blocId/cycles/:year/targets: board or unit officers
 * may call it; before the pact is in force, to set targets the decider
 * admits the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { SetIndicatorTargetCommand } from './set-indicator-target.command.js';
import { SetIndicatorTargetDto } from './set-indicator-target.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/targets')
export class SetIndicatorTargetController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: "Set a unit's indicator target before the pact is in force (leader)" })
  @ApiCommandResponses('IndicatorTargetSet')
  setIndicatorTarget(
    @Param() cycle: CyclePath,
    @Body() body: SetIndicatorTargetDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new SetIndicatorTargetCommand(cycle, plainData(body), origin));
  }
}
