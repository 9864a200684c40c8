/**
 * The answers of `POST /api/documents/verify`, as OpenAPI documents them: an issued document
 * (IssuedVerdictAnswer) or a file never issued (UnissuedVerdictAnswer), told apart by `issued`.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { DocumentKind } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { IssuedDocument } from '../issued-documents.js';
import type { DocumentVerdict } from './verify-document.handler.js';

export class IssuerAnswer {
  @ApiProperty({ description: "The principal's subject" })
  readonly sub!: string;

  @ApiProperty({ required: false })
  readonly name?: string;

  @ApiProperty()
  readonly role!: string;

  @ApiProperty({ required: false, description: "A unit officer's unit" })
  readonly unit?: string;
}

export class IssuedDocumentAnswer {
  @ApiProperty()
  readonly documentId!: string;

  @ApiProperty({ enum: enumValues<DocumentKind>()('score-sheet', 'minutes-pdf', 'minutes-docx') })
  readonly kind!: DocumentKind;

  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  readonly sha256!: string;

  @ApiProperty({ type: 'integer', description: 'The audit head the document was issued at' })
  readonly headPosition!: number;

  @ApiProperty({ description: "The audit chain's hash at headPosition" })
  readonly headHash!: string;

  @ApiProperty({ type: 'integer', description: 'Position of the DocumentIssued event' })
  readonly position!: number;

  @ApiProperty({ format: 'date-time' })
  readonly issuedAt!: string;

  @ApiProperty({ type: IssuerAnswer })
  readonly issuedBy!: IssuerAnswer;
}

export class IssuedVerdictAnswer {
  @ApiProperty({ type: Boolean, enum: [true] })
  readonly issued!: true;

  @ApiProperty({ type: IssuedDocumentAnswer })
  readonly document!: IssuedDocumentAnswer;
}

export class UnissuedVerdictAnswer {
  @ApiProperty({ type: Boolean, enum: [false] })
  readonly issued!: false;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the file's bytes" })
  readonly sha256!: string;
}

export type DocumentVerdictAnswer = IssuedVerdictAnswer | UnissuedVerdictAnswer;

sameShape<IssuedDocument['issuedBy'], IssuerAnswer>();
sameShape<IssuedDocument, IssuedDocumentAnswer>();
sameShape<DocumentVerdict, DocumentVerdictAnswer>();
