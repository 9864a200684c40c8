/** Answers GetIssuedDocumentQuery: the stored bytes of a document the log says was issued, to its bloc-year's readers. */
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiError } from '../../http/api.error.js';
import { assertDocumentReader } from '../document-readers.js';
import { DOCUMENT_FILES, type DocumentFile, type DocumentFiles } from '../files/document-files.port.js';
import { findIssuedDocument } from '../issued-documents.js';
import { GetIssuedDocumentQuery } from './get-issued-document.query.js';

@QueryHandler(GetIssuedDocumentQuery)
export class GetIssuedDocumentHandler implements IQueryHandler<GetIssuedDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_FILES) private readonly files: DocumentFiles,
  ) {}

  async execute({ documentId, reader }: GetIssuedDocumentQuery): Promise<DocumentFile> {
    const file = await this.files.find(documentId);
    const issued = file && (await findIssuedDocument(this.store, file.blocId, file.year, documentId));
    if (file === undefined || issued === undefined)
      throw ApiError.notFound(`document ${documentId} not found`);
    await assertDocumentReader(reader, this.store, file.blocId, file.year);
    return file;
  }
}
