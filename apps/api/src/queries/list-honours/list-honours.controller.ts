/** GET /api/honours: any principal reads the honours register (a province-scoped one, its province's). */

import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { HonourAnswer } from './honour.answer.js';
import { ListHonoursDto } from './list-honours.dto.js';
import { ListHonoursQuery } from './list-honours.query.js';

@ApiTags('nominations')
@Controller('honours')
export class ListHonoursController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The honours register by province, year and unit; annulled honours stay, marked annulled',
  })
  @ApiQueryResponses(
    { type: HonourAnswer, isArray: true, description: 'The honours the filter and the reader select' },
    [400, 403, 503],
  )
  listHonours(@Query() filter: ListHonoursDto, @CurrentActor() reader: Actor): Promise<HonourAnswer[]> {
    return this.queryBus.execute(new ListHonoursQuery({ ...filter }, reader));
  }
}
