/**
 * GET /api/audit: the board and auditors search the recorded events, filtered and paged in log
 * order (a province-scoped principal, its province's only).
 */

import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { SearchAuditDto } from './search-audit.dto.js';
import { SearchAuditQuery } from './search-audit.query.js';
import { AuditPageAnswer } from './audit-page.answer.js';

@ApiTags('audit')
@Controller('audit')
export class SearchAuditController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('board', 'auditor')
  @ApiOperation({
    summary:
      "The recorded events with who, when and why, filtered and paged in log order (a province's own only, for a principal scoped to it)",
  })
  @ApiQueryResponses(
    {
      type: AuditPageAnswer,
      description: '{items: [event], next}: pass `next` as `after` for the following page; null on the last',
    },
    [400, 403, 503],
  )
  searchAudit(
    @Query() { type, from, to, ...filter }: SearchAuditDto,
    @CurrentActor() reader: Actor,
  ): Promise<AuditPageAnswer> {
    return this.queryBus.execute(
      new SearchAuditQuery(
        {
          ...filter,
          types: type,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        },
        reader,
      ),
    );
  }
}
