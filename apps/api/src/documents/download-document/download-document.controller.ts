/**
 * GET /api/blocs/:blocId/cycles/:year/score-sheet.xlsx, …/minutes.pdf, …/minutes.docx: the
 * bloc-year's readers (members, board, auditor); the minutes are 409 before scoring is finalized.
 */
import { Controller, Get, Param, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, DocumentKind } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { CONTENT_TYPES } from '../rendering/render-document.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { documentReply } from '../document-reply.js';
import { DownloadDocumentQuery } from './download-document.query.js';

@ApiTags('documents')
@Controller('blocs/:blocId/cycles/:year')
export class DownloadDocumentController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('score-sheet.xlsx')
  @ApiOperation({ summary: 'The score sheet (XLSX): Tổng hợp and Chi tiết, TẠM TÍNH before finalizing' })
  @ApiQueryResponses(
    { contentTypes: [CONTENT_TYPES['score-sheet']], format: 'binary', description: 'The XLSX file' },
    [400, 403, 404, 503],
  )
  scoreSheet(@Param() path: CyclePath, @CurrentActor() reader: Actor): Promise<StreamableFile> {
    return this.download(path, 'score-sheet', reader);
  }

  @Get('minutes.pdf')
  @ApiOperation({ summary: 'The minutes of the review (PDF); 409 before scoring is finalized' })
  @ApiQueryResponses(
    { contentTypes: [CONTENT_TYPES['minutes-pdf']], format: 'binary', description: 'The PDF file' },
    [400, 403, 404, 409, 503],
  )
  minutesPdf(@Param() path: CyclePath, @CurrentActor() reader: Actor): Promise<StreamableFile> {
    return this.download(path, 'minutes-pdf', reader);
  }

  @Get('minutes.docx')
  @ApiOperation({ summary: 'The minutes of the review (DOCX); 409 before scoring is finalized' })
  @ApiQueryResponses(
    { contentTypes: [CONTENT_TYPES['minutes-docx']], format: 'binary', description: 'The DOCX file' },
    [400, 403, 404, 409, 503],
  )
  minutesDocx(@Param() path: CyclePath, @CurrentActor() reader: Actor): Promise<StreamableFile> {
    return this.download(path, 'minutes-docx', reader);
  }

  private async download(
    { blocId, year }: CyclePath,
    kind: DocumentKind,
    reader: Actor,
  ): Promise<StreamableFile> {
    const rendered = await this.queryBus.execute(new DownloadDocumentQuery(blocId, year, kind, reader));
    return documentReply(rendered.bytes, rendered.contentType, rendered.fileName);
  }
}
