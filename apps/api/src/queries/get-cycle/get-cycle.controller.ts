/**
 * GET /api/blocs/:blocId/cycles/:year: any principal may call it; a unit officer only for a bloc
 * its unit belongs to, or a year it competed in.
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetCycleQuery } from './get-cycle.query.js';
import { CycleAnswer } from './cycle.answer.js';

@ApiTags('cycles')
@Controller('blocs')
export class GetCycleController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year')
  @ApiOperation({
    summary: "A bloc-year: phase, leader and deputy, members' signatures, framework, leading unit",
  })
  @ApiQueryResponses(
    {
      type: CycleAnswer,
      description:
        '{blocId, year, phase, leader, deputy, members: [{unitId, name, signed}], framework, leadingUnit, policy}',
    },
    [400, 403, 404, 503],
  )
  getCycle(@Param() { blocId, year }: CyclePath, @CurrentActor() reader: Actor): Promise<CycleAnswer> {
    return this.queryBus.execute(new GetCycleQuery(blocId, year, reader));
  }
}
