/** Issued documents' bytes in `<DATA_DIR>/documents.sqlite` (mode 0600), beside the embedded event store. */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DocumentKind } from '@app/domain';
import type { DocumentFile, DocumentFiles } from './document-files.port.js';
import { openDurableDatabase } from '@app/event-store/sqlite';

interface Row {
  document_id: string;
  bloc_id: string;
  year: number;
  kind: string;
  sha256: string;
  bytes: Buffer;
}

export class SqliteDocumentFiles implements DocumentFiles {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    // A 201 says the bytes are there: they must survive a power cut as surely as the event.
    this.db = openDurableDatabase(join(dataDir, 'documents.sqlite'));
    this.db.exec(`CREATE TABLE IF NOT EXISTS document_file (
      document_id TEXT PRIMARY KEY,
      bloc_id     TEXT NOT NULL,
      year        INTEGER NOT NULL,
      kind        TEXT NOT NULL,
      sha256      TEXT NOT NULL,
      bytes       BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS document_file_sha256 ON document_file (sha256)`);
  }

  async save(file: DocumentFile): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO document_file (document_id, bloc_id, year, kind, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(file.documentId, file.blocId, file.year, file.kind, file.sha256, file.bytes);
  }

  async find(documentId: string): Promise<DocumentFile | undefined> {
    const row = this.db
      .prepare<[string], Row>('SELECT * FROM document_file WHERE document_id = ?')
      .get(documentId);
    return row === undefined ? undefined : toFile(row);
  }

  async idsWithSha256(sha256: string): Promise<string[]> {
    return this.db
      .prepare<[string], { document_id: string }>(
        'SELECT document_id FROM document_file WHERE sha256 = ? ORDER BY rowid',
      )
      .all(sha256)
      .map((row) => row.document_id);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toFile(row: Row): DocumentFile {
  return {
    documentId: row.document_id,
    blocId: row.bloc_id,
    year: row.year,
    kind: row.kind as DocumentKind,
    sha256: row.sha256,
    bytes: row.bytes,
  };
}
