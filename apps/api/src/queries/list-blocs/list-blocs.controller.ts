/**
 * GET /api/blocs: any principal may call it; a province-scoped
 * board or auditor sees only its province's blocs.
 */

import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { ListBlocsQuery } from './list-blocs.query.js';
import { BlocSummaryAnswer } from './bloc-summary.answer.js';

@ApiTags('blocs')
@Controller('blocs')
export class ListBlocsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Every bloc with its current members (of its province, for a province-scoped board or auditor)',
  })
  @ApiQueryResponses(
    {
      type: BlocSummaryAnswer,
      isArray: true,
      description: '[{id, name, province, members: [{unitId, name}]}]',
    },
    [503],
  )
  listBlocs(@CurrentActor() reader: Actor): Promise<BlocSummaryAnswer[]> {
    return this.queryBus.execute(new ListBlocsQuery(reader));
  }
}
