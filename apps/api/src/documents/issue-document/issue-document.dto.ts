/** The body of POST …/documents: which of the bloc-year's documents to issue. */
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { DocumentKind } from '@app/domain';
import { DOCUMENT_KINDS } from '../rendering/render-document.js';

export class IssueDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'minutes-pdf' })
  @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;
}
