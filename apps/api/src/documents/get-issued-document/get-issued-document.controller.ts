/** GET /api/documents/:documentId: whoever may read the bloc-year gets the exact bytes issued. */
import { Controller, Get, Param, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { documentReply } from '../document-reply.js';
import { CONTENT_TYPES, documentFileName } from '../rendering/render-document.js';
import { GetIssuedDocumentQuery } from './get-issued-document.query.js';

export class DocumentPath {
  @ApiProperty({ example: '6f1c2b8e-4c7d-4a8e-9a51-0f3c8f1d2e34' })
  @IsUUID()
  documentId!: string;
}

@ApiTags('documents')
@Controller('documents')
export class GetIssuedDocumentController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':documentId')
  @ApiOperation({ summary: 'The exact bytes of an issued document' })
  @ApiQueryResponses(
    { contentTypes: Object.values(CONTENT_TYPES), format: 'binary', description: 'The file as issued' },
    [400, 403, 404],
  )
  async getIssuedDocument(
    @Param() { documentId }: DocumentPath,
    @CurrentActor() reader: Actor,
  ): Promise<StreamableFile> {
    const file = await this.queryBus.execute(new GetIssuedDocumentQuery(documentId, reader));
    return documentReply(
      file.bytes,
      CONTENT_TYPES[file.kind],
      documentFileName(file.blocId, file.year, file.kind),
    );
  }
}
