/**
 * POST /api/blocs/:blocId/cycles/:year/review: board or unit officers may call it; to open the
 * review the decider admits the board, or an officer of the year's leader or deputy unit.
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
import { OpenReviewCommand } from './open-review.command.js';
import { OpenReviewDto } from './open-review.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/review')
export class OpenReviewController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: 'Open the year-end review: reporting closes, scoring opens (leader)' })
  @ApiCommandResponses('ReviewOpened')
  openReview(
    @Param() cycle: CyclePath,
    @Body() body: OpenReviewDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new OpenReviewCommand(cycle, plainData(body), origin));
  }
}
