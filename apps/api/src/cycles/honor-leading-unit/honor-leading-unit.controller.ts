/**
 * POST /api/blocs/:blocId/cycles/:year/leading-unit: board or unit
 * officers may call it; to honour the rank-1 unit the decider admits
 * the board, or an officer of the year's leader or deputy unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import { CyclePath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { HonorLeadingUnitCommand } from './honor-leading-unit.command.js';
import { HonorLeadingUnitDto } from './honor-leading-unit.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/leading-unit')
export class HonorLeadingUnitController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: "Honour the rank-1 unit; where units tie for rank 1 the bloc's vote decides (leader)",
  })
  @ApiCommandResponses('LeadingUnitHonored')
  @ApiResponse({
    status: 422,
    description: 'ELECTION_NOT_PASSED: the vote named did not pass, or was on another subject or unit',
    type: ErrorAnswer,
  })
  honorLeadingUnit(
    @Param() cycle: CyclePath,
    @Body() body: HonorLeadingUnitDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new HonorLeadingUnitCommand(cycle, plainData(body), origin));
  }
}
