/** Issued documents' bytes in a PostgreSQL table, for the server event stores. */
import type pg from 'pg';
import { escapeIdentifier, pgDriver } from '@app/event-store';
import type { DocumentKind } from '@app/domain';
import type { DocumentFile, DocumentFiles } from './document-files.port.js';

interface Row {
  document_id: string;
  bloc_id: string;
  year: number;
  kind: string;
  sha256: string;
  bytes: Buffer;
}

export class PostgresDocumentFiles implements DocumentFiles {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {}

  static async connect(connectionString: string, schema = 'public'): Promise<PostgresDocumentFiles> {
    const pool = new (pgDriver().Pool)({
      connectionString,
      max: 5,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
    });
    // An idle client's connection error must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const table = `${escapeIdentifier(schema)}.${escapeIdentifier('document_file')}`;
    const client = await pool.connect();
    try {
      // Two processes creating the table at once can race on the catalog; the lock orders them.
      await client.query(`SELECT pg_advisory_lock(hashtext('document_file:schema'))`);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          seq         BIGSERIAL,
          document_id TEXT PRIMARY KEY,
          bloc_id     TEXT NOT NULL,
          year        INTEGER NOT NULL,
          kind        TEXT NOT NULL,
          sha256      TEXT NOT NULL,
          bytes       BYTEA NOT NULL
        )`);
        await client.query(`CREATE INDEX IF NOT EXISTS document_file_sha256 ON ${table} (sha256)`);
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('document_file:schema'))`);
      }
    } finally {
      client.release();
    }
    return new PostgresDocumentFiles(pool, table);
  }

  async save(file: DocumentFile): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (document_id, bloc_id, year, kind, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)`,
      [file.documentId, file.blocId, file.year, file.kind, file.sha256, file.bytes],
    );
  }

  async find(documentId: string): Promise<DocumentFile | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT document_id, bloc_id, year, kind, sha256, bytes FROM ${this.table} WHERE document_id = $1`,
      [documentId],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : {
          documentId: row.document_id,
          blocId: row.bloc_id,
          year: row.year,
          kind: row.kind as DocumentKind,
          sha256: row.sha256,
          bytes: row.bytes,
        };
  }

  async idsWithSha256(sha256: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ document_id: string }>(
      `SELECT document_id FROM ${this.table} WHERE sha256 = $1 ORDER BY seq`,
      [sha256],
    );
    return rows.map((row) => row.document_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
