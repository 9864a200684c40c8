/**
 * POST /api/blocs/:blocId/cycles/:year/scores: board or unit officers may call it; the decider
 * admits the board, or an officer of the year's leader or deputy unit, never for its own unit.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { AwardScoreCommand } from './award-score.command.js';
import { AwardScoreDto } from './award-score.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/scores')
export class AwardScoreController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: "Award or revise a unit's points for a criterion (leader; never one's own unit)" })
  @ApiCommandResponses('ScoreAwarded')
  awardScore(
    @Param() cycle: CyclePath,
    @Body() body: AwardScoreDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(
      new AwardScoreCommand(
        cycle,
        { unitId: body.unitId, criterion: body.criterion, points: body.points },
        origin,
        body.reason,
      ),
    );
  }
}
