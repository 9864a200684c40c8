/** Answers DownloadDocumentQuery: the bloc-year's readers get the document as the log stands. */
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { BlocYearDocuments, type RenderedDocument } from '../bloc-year-documents.js';
import { assertDocumentReader } from '../document-readers.js';
import { DownloadDocumentQuery } from './download-document.query.js';

@QueryHandler(DownloadDocumentQuery)
export class DownloadDocumentHandler implements IQueryHandler<DownloadDocumentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly documents: BlocYearDocuments,
  ) {}

  /** WRONG_PHASE (409) for the minutes before scoring is finalized. */
  async execute({ blocId, year, kind, reader }: DownloadDocumentQuery): Promise<RenderedDocument> {
    await assertDocumentReader(reader, this.store, blocId, year);
    return this.documents.render(blocId, year, kind);
  }
}
