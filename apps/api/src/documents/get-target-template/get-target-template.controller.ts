/** GET /api/blocs/:blocId/cycles/:year/targets/template.xlsx: the board, the year's leader or deputy. */
import { Controller, Get, Param, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { documentReply } from '../document-reply.js';
import { CONTENT_TYPES } from '../rendering/render-document.js';
import { GetTargetTemplateQuery } from './get-target-template.query.js';

@ApiTags('documents')
@Controller('blocs/:blocId/cycles/:year/targets')
export class GetTargetTemplateController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('template.xlsx')
  @Roles('board', 'unit')
  @ApiOperation({
    summary: 'The targets import template: the members, the criteria, instructions and an example',
  })
  @ApiQueryResponses(
    { contentTypes: [CONTENT_TYPES['score-sheet']], format: 'binary', description: 'The XLSX template' },
    [400, 403, 404],
  )
  async getTargetTemplate(
    @Param() { blocId, year }: CyclePath,
    @CurrentActor() reader: Actor,
  ): Promise<StreamableFile> {
    const bytes = await this.queryBus.execute(new GetTargetTemplateQuery(blocId, year, reader));
    return documentReply(bytes, CONTENT_TYPES['score-sheet'], `mau-chi-tieu-${blocId}-${year}.xlsx`);
  }
}
