/** Where issued documents' exact bytes are kept: beside the embedded store, or in PostgreSQL. */
import type { DocumentKind } from '@app/domain';

export const DOCUMENT_FILES = Symbol('DOCUMENT_FILES');

export interface DocumentFile {
  readonly documentId: string;
  readonly blocId: string;
  readonly year: number;
  readonly kind: DocumentKind;
  readonly sha256: string;
  readonly bytes: Buffer;
}

export interface DocumentFiles {
  /** Resolves once the bytes are durable: a DocumentIssued event is appended only after. */
  save(file: DocumentFile): Promise<void>;
  find(documentId: string): Promise<DocumentFile | undefined>;
  /**
   * Ids of the stored files with this digest, oldest first. A file whose event was never
   * appended (a refused or crashed issue) is listed too: the log decides what was issued.
   */
  idsWithSha256(sha256: string): Promise<string[]>;
  close(): Promise<void>;
}
