/**
 * GET /api/blocs: any principal may call it; a province-scoped
 * board or auditor sees only its province's blocs.
 */

import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import type { BlocSummary } from '@app/projections';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { ListBlocsQuery } from './list-blocs.query.js';

@ApiTags('blocs')
@Controller('blocs')
export class ListBlocsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every bloc with its current members (of its province, for a province-scoped board or auditor)' })
  @ApiQueryResponses('[{id, name, province, members: [{unitId, name}]}]', [503])
  listBlocs(@CurrentActor() reader: Actor): Promise<BlocSummary[]> {
    return this.queryBus.execute(new ListBlocsQuery(reader));
  }
}
