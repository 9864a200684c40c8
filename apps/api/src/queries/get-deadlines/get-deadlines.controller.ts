/**
 * GET /api/blocs/:blocId/cycles/:year/deadlines: the board, auditors, and the officers of the
 * bloc's members (or of that year's members).
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { DeadlineAnswer } from './deadline.answer.js';
import { GetDeadlinesQuery } from './get-deadlines.query.js';

@ApiTags('cycles')
@Controller('blocs')
export class GetDeadlinesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year/deadlines')
  @ApiOperation({
    summary: "A bloc-year's deadlines: per deadline, which units have done it, and who was late",
  })
  @ApiQueryResponses(
    {
      type: DeadlineAnswer,
      isArray: true,
      description: "The year's deadlines, each with every member's progress",
    },
    [400, 403, 404, 503],
  )
  getDeadlines(
    @Param() { blocId, year }: CyclePath,
    @CurrentActor() reader: Actor,
  ): Promise<DeadlineAnswer[]> {
    return this.queryBus.execute(new GetDeadlinesQuery(blocId, year, reader));
  }
}
