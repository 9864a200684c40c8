/**
 * GET /api/blocs/:blocId/leadership/:year: any principal may call it; a unit officer only for a
 * bloc its unit belongs to, or a year it competed in.
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetYearLeadershipQuery } from './get-year-leadership.query.js';
import { LeadershipAssignmentAnswer } from '../answers/leadership-assignment.answer.js';

@ApiTags('leadership')
@Controller('blocs')
export class GetYearLeadershipController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/leadership/:year')
  @ApiOperation({
    summary: "Who leads the bloc in a year: elected, partly elected, or the rotation's proposal",
  })
  @ApiQueryResponses(
    {
      type: LeadershipAssignmentAnswer,
      description:
        '{year, leader, deputy, status, proposal: {leader: {unitId, reason}, deputy: {unitId, reason}}}',
    },
    [400, 403, 404, 503],
  )
  getYearLeadership(
    @Param() { blocId, year }: CyclePath,
    @CurrentActor() reader: Actor,
  ): Promise<LeadershipAssignmentAnswer> {
    return this.queryBus.execute(new GetYearLeadershipQuery(blocId, year, reader));
  }
}
