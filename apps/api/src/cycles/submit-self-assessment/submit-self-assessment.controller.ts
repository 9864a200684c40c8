/**
 * POST /api/blocs/:blocId/cycles/:year/self-assessments: board or unit officers may call it; the
 * decider admits the board or the unit's own officer.
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
import { SubmitSelfAssessmentCommand } from './submit-self-assessment.command.js';
import { SubmitSelfAssessmentDto } from './submit-self-assessment.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/self-assessments')
export class SubmitSelfAssessmentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary:
      "Submit one's own unit's proposed points; a new submission replaces the previous one (unit officer)",
  })
  @ApiCommandResponses('SelfAssessmentSubmitted')
  submitSelfAssessment(
    @Param() cycle: CyclePath,
    @Body() body: SubmitSelfAssessmentDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new SubmitSelfAssessmentCommand(cycle, plainData(body), origin));
  }
}
