/**
 * Answers VerifyDocumentQuery: a file is issued when its SHA-256 is that of stored bytes whose
 * DocumentIssued the log holds; anything else (one byte changed) is not.
 */
import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { DOCUMENT_FILES, type DocumentFiles } from '../files/document-files.port.js';
import { findIssuedDocument, type IssuedDocument } from '../issued-documents.js';
import { VerifyDocumentQuery } from './verify-document.query.js';

export type DocumentVerdict =
  | { readonly issued: true; readonly document: IssuedDocument }
  | { readonly issued: false; readonly sha256: string };

@QueryHandler(VerifyDocumentQuery)
export class VerifyDocumentHandler implements IQueryHandler<VerifyDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_FILES) private readonly files: DocumentFiles,
  ) {}

  async execute({ bytes }: VerifyDocumentQuery): Promise<DocumentVerdict> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // The same document issued twice has one digest: the first issue answers.
    for (const documentId of await this.files.idsWithSha256(sha256)) {
      const file = await this.files.find(documentId);
      const issued = file && (await findIssuedDocument(this.store, file.blocId, file.year, documentId));
      if (issued !== undefined) return { issued: true, document: issued };
    }
    return { issued: false, sha256 };
  }
}
