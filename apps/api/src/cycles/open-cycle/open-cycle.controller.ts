/** POST /api/blocs/:blocId/cycles: only the board may open a bloc's year. */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { BlocPath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { OpenCycleCommand } from './open-cycle.command.js';
import { OpenCycleDto } from './open-cycle.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles')
export class OpenCycleController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary:
      "Open a bloc's year with its framework; leader and deputy come from last year's elections (board)",
  })
  @ApiCommandResponses('CycleOpened')
  openCycle(
    @Param() { blocId }: BlocPath,
    @Body() body: OpenCycleDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new OpenCycleCommand({ blocId, ...plainData(body) }, origin));
  }
}
