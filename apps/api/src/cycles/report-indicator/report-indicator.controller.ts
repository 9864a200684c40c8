/**
 * POST /api/blocs/:blocId/cycles/:year/reports: board or unit officers may call it; the decider
 * admits the board or the unit's own officer.
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
import { ReportIndicatorCommand } from './report-indicator.command.js';
import { ReportIndicatorDto } from './report-indicator.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/reports')
export class ReportIndicatorController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: "Report an actual value of one of one's own unit's indicators for a period (unit officer)",
  })
  @ApiCommandResponses('IndicatorReported')
  reportIndicator(
    @Param() cycle: CyclePath,
    @Body() body: ReportIndicatorDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new ReportIndicatorCommand(cycle, plainData(body), origin));
  }
}
