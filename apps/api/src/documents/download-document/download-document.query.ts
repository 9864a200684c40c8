/** Asking for one of a bloc-year's documents, freshly made from the log: which one, and who asks. */
import { Query } from '@nestjs/cqrs';
import type { Actor, DocumentKind } from '@app/domain';
import type { RenderedDocument } from '../bloc-year-documents.js';

export class DownloadDocumentQuery extends Query<RenderedDocument> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly kind: DocumentKind,
    readonly reader: Actor,
  ) {
    super();
  }
}
