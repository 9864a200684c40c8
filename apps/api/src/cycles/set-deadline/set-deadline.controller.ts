/**
 * POST /api/blocs/:blocId/cycles/:year/deadlines: board or unit officers may call it; the
 * decider admits the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { SetDeadlineCommand } from './set-deadline.command.js';
import { SetDeadlineDto } from './set-deadline.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/deadlines')
export class SetDeadlineController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: 'Set a deadline of the year, or move it with a reason (board, leader, deputy)' })
  @ApiCommandResponses('DeadlineSet')
  setDeadline(
    @Param() cycle: CyclePath,
    @Body() body: SetDeadlineDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    const { kind, period, due } = body;
    return this.commandBus.execute(
      new SetDeadlineCommand(
        cycle,
        { kind, ...(period === undefined ? {} : { period }), due },
        origin,
        body.reason,
      ),
    );
  }
}
