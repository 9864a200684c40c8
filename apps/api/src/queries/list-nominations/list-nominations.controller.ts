/**
 * GET /api/nominations: the board and auditors read every nomination (of their province, when
 * scoped to one); a unit officer those of its own bloc, and asking for another bloc is 403.
 */

import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { ListNominationsDto } from './list-nominations.dto.js';
import { ListNominationsQuery } from './list-nominations.query.js';
import { NominationAnswer } from './nomination.answer.js';

@ApiTags('nominations')
@Controller('nominations')
export class ListNominationsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: "Nominations for the province's honours with their status and history (a unit: its own bloc's)",
  })
  @ApiQueryResponses(
    {
      type: NominationAnswer,
      isArray: true,
      description: 'The nominations the filter and the reader select',
    },
    [400, 403, 404, 503],
  )
  listNominations(
    @Query() filter: ListNominationsDto,
    @CurrentActor() reader: Actor,
  ): Promise<NominationAnswer[]> {
    return this.queryBus.execute(new ListNominationsQuery({ ...filter }, reader));
  }
}
