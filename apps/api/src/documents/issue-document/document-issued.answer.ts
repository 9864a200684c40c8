/** The 201 answer to an issued document, as OpenAPI documents it: the command's answer, its id and digest. */
import { ApiProperty } from '@nestjs/swagger';
import { sameShape } from '../../http/openapi/same-shape.js';
import { CommandAccepted } from '../../write/command-accepted.js';
import type { DocumentIssuedAnswer } from './issue-document.command.js';

export class DocumentIssuedBody extends CommandAccepted {
  @ApiProperty({ description: 'Reads the bytes back at GET /api/documents/{documentId}' })
  readonly documentId!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the document's bytes" })
  readonly sha256!: string;
}

sameShape<DocumentIssuedAnswer, DocumentIssuedBody>();
