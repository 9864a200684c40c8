/**
 * GET /api/blocs/:blocId/leadership: any principal may call
 * it; a unit officer only for a bloc its unit belongs to.
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { BlocPath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetLeadershipQuery } from './get-leadership.query.js';
import { LeadershipAnswer } from './leadership.answer.js';

@ApiTags('leadership')
@Controller('blocs')
export class GetLeadershipController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/leadership')
  @ApiOperation({
    summary: "A bloc's leaders and deputies by year, and next year's elected or proposed pair",
  })
  @ApiQueryResponses(
    { type: LeadershipAnswer, description: '{blocId, history: [{year, leader, deputy}], next: assignment}' },
    [400, 403, 404, 503],
  )
  getLeadership(@Param() { blocId }: BlocPath, @CurrentActor() reader: Actor): Promise<LeadershipAnswer> {
    return this.queryBus.execute(new GetLeadershipQuery(blocId, reader));
  }
}
