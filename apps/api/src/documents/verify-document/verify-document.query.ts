/** Asking whether a file is exactly an issued document: its bytes. */
import { Query } from '@nestjs/cqrs';
import type { DocumentVerdict } from './verify-document.handler.js';

export class VerifyDocumentQuery extends Query<DocumentVerdict> {
  constructor(readonly bytes: Buffer) {
    super();
  }
}
