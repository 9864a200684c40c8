/**
 * POST /api/blocs/:blocId/cycles/:year/scoring/finalize: board or
 * unit officers may call it; to freeze the points the decider admits
 * the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { FinalizeScoringCommand } from './finalize-scoring.command.js';
import { FinalizeScoringDto } from './finalize-scoring.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/scoring/finalize')
export class FinalizeScoringController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: 'Freeze all points; every unit needs points for every standard criterion (leader)',
  })
  @ApiCommandResponses('ScoringFinalized')
  finalizeScoring(
    @Param() cycle: CyclePath,
    @Body() _body: FinalizeScoringDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new FinalizeScoringCommand(cycle, {}, origin));
  }
}
