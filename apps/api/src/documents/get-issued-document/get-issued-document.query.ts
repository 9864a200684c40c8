/** Asking for an issued document's exact bytes: its id and who asks. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { DocumentFile } from '../files/document-files.port.js';

export class GetIssuedDocumentQuery extends Query<DocumentFile> {
  constructor(
    readonly documentId: string,
    readonly reader: Actor,
  ) {
    super();
  }
}
