/**
 * GET /api/blocs/:blocId/cycles/:year/standings: any principal may call it; a unit officer only
 * for a bloc its unit belongs to, or a year it competed in.
 */

import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetStandingsDto } from './get-standings.dto.js';
import { GetStandingsQuery } from './get-standings.query.js';
import { StandingsAnswer } from './standings.answer.js';

@ApiTags('cycles')
@Controller('blocs')
export class GetStandingsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId/cycles/:year/standings')
  @ApiOperation({
    summary: 'The standings of a bloc-year, provisional until scoring is finalized; `asOf` travels back',
  })
  @ApiQueryResponses(
    { type: StandingsAnswer, description: '{blocId, year, phase, provisional, units: [row]}' },
    [400, 403, 404, 503],
  )
  getStandings(
    @Param() { blocId, year }: CyclePath,
    @Query() { asOf }: GetStandingsDto,
    @CurrentActor() reader: Actor,
  ): Promise<StandingsAnswer> {
    return this.queryBus.execute(
      new GetStandingsQuery(blocId, year, reader, asOf === undefined ? undefined : new Date(asOf)),
    );
  }
}
