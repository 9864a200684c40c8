/** For specs: the reference write side with document files in a temporary folder and the issuing handler. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { BlocYearDocuments } from '../bloc-year-documents.js';
import { SqliteDocumentFiles } from '../files/sqlite-document-files.js';
import { IssueDocumentHandler } from '../issue-document/issue-document.handler.js';

export interface Issuing {
  readonly side: ReferenceWriteSide;
  readonly files: SqliteDocumentFiles;
  readonly documents: BlocYearDocuments;
  readonly issue: IssueDocumentHandler;
  close(): Promise<void>;
}

export async function issuing(): Promise<Issuing> {
  const side = await referenceWriteSide();
  const folder = await mkdtemp(join(tmpdir(), 'document-files-'));
  const files = new SqliteDocumentFiles(folder);
  const documents = new BlocYearDocuments(side.store);
  return {
    side,
    files,
    documents,
    issue: new IssueDocumentHandler(side.streams, documents, files),
    async close() {
      await files.close();
      await side.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
