import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BlocSummary } from '@app/projections';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { ListBlocsQuery } from './list-blocs.query.js';

@ApiTags('blocs')
@Controller('blocs')
export class ListBlocsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every bloc with its current members' })
  @ApiQueryResponses('[{id, name, province, members: [{unitId, name}]}]', [503])
  listBlocs(): Promise<BlocSummary[]> {
    return this.queryBus.execute(new ListBlocsQuery());
  }
}
