/**
 * POST /api/documents/verify: any principal; the body is the file (raw bytes or multipart, up to
 * 20 MiB). Answers whether it is exactly a document that was issued, and which.
 */
import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { uploadedBytes } from '../uploads.js';
import { ApiUploadBody } from '../upload-body.decorator.js';
import {
  type DocumentVerdictAnswer,
  IssuedVerdictAnswer,
  UnissuedVerdictAnswer,
} from './document-verdict.answer.js';
import { VerifyDocumentQuery } from './verify-document.query.js';

@ApiTags('documents')
@Controller('documents/verify')
export class VerifyDocumentController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Whether a file is exactly an issued document: {issued, document} or {issued: false, sha256}',
  })
  @ApiUploadBody('The file to verify')
  @ApiExtraModels(IssuedVerdictAnswer, UnissuedVerdictAnswer)
  @ApiQueryResponses(
    {
      description: '{issued: true, document} or {issued: false, sha256}',
      schema: {
        oneOf: [{ $ref: getSchemaPath(IssuedVerdictAnswer) }, { $ref: getSchemaPath(UnissuedVerdictAnswer) }],
      },
    },
    [400, 413],
  )
  async verifyDocument(@Req() request: FastifyRequest): Promise<DocumentVerdictAnswer> {
    return this.queryBus.execute(new VerifyDocumentQuery(await uploadedBytes(request)));
  }
}
