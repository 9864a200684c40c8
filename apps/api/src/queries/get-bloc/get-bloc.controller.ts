/**
 * GET /api/blocs/:blocId: any principal may call it;
 * a unit officer only for a bloc its unit belongs to.
 */

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { BlocPath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { GetBlocQuery } from './get-bloc.query.js';
import { BlocAnswer } from './bloc.answer.js';

@ApiTags('blocs')
@Controller('blocs')
export class GetBlocController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':blocId')
  @ApiOperation({ summary: 'A bloc: its members, regulation and the years it has opened' })
  @ApiQueryResponses(
    { type: BlocAnswer, description: '{id, name, province, members, policy, years}' },
    [400, 403, 404, 503],
  )
  getBloc(@Param() { blocId }: BlocPath, @CurrentActor() reader: Actor): Promise<BlocAnswer> {
    return this.queryBus.execute(new GetBlocQuery(blocId, reader));
  }
}
