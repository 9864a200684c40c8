/**
 * GET /api/blocs/:blocId/cycles/:year/ranking: any principal may call it; a unit officer only for
 * a bloc its unit belongs to, or a year it competed in.
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetRankingQuery } from './get-ranking.query.js';
import { RankingAnswer } from './ranking.answer.js';

@ApiTags('cycles')
@Controller('blocs')
export class GetRankingController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year/ranking')
  @ApiOperation({ summary: 'The final ranking of a bloc-year, its leading unit and runners-up' })
  @ApiQueryResponses(
    { type: RankingAnswer, description: '{blocId, year, units: [row], leadingUnit, runnersUp: [unitId]}' },
    [400, 403, 404, 409, 503],
  )
  getRanking(@Param() { blocId, year }: CyclePath, @CurrentActor() reader: Actor): Promise<RankingAnswer> {
    return this.queryBus.execute(new GetRankingQuery(blocId, year, reader));
  }
}
