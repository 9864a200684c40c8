/** For specs: the reference write side with document files in a temporary folder and the issuing handler. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSigningKeyFromPem, SqliteSignedHeadStore } from '@app/event-store';
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
  const heads = SqliteSignedHeadStore.open(join(folder, 'audit-heads.sqlite'));
  const key = auditSigningKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const documents = new BlocYearDocuments(side.store, heads, key);
  return {
    side,
    files,
    documents,
    issue: new IssueDocumentHandler(side.streams, documents, files),
    async close() {
      await files.close();
      await heads.close();
      await side.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
