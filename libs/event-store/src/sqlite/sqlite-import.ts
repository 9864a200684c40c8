/** Imports recorded events verbatim into the SQLite log (recorded-import.ts), one transaction per batch. */
import type Database from 'better-sqlite3';
import type { ChainPoint, RecordedEvent } from '../event-store.port.js';
import { CHAIN_COLUMNS } from '../event-rows.js';
import { GENESIS_HASH } from '../hash-chain.js';
import { planImport } from '../recorded-import.js';

export class SqliteRecordedImport {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      lastEvent: db.prepare<[], { position: number; hash: string }>('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
      lastRevision: db.prepare<[string], number | null>('SELECT max(revision) FROM events WHERE stream_id = ?').pluck(),
      insert: db.prepare<[number, string, string, number, string, string, string, string, string]>(
        `INSERT INTO events (${CHAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Synchronous, so no group commit of this connection runs in between. */
  import(batch: readonly RecordedEvent[]): ChainPoint {
    const { begin, commit, rollback, lastEvent, lastRevision, insert } = this.statements;
    begin.run();
    try {
      const last = lastEvent.get();
      const head = { position: last?.position ?? 0, hash: last?.hash ?? GENESIS_HASH };
      const rows = planImport(head, batch, (streamId) => lastRevision.get(streamId) ?? -1);
      for (const row of rows) {
        insert.run(row.position, row.id, row.streamId, row.revision, row.type, row.dataJson, row.metadataJson, row.recordedAt, row.hash);
      }
      commit.run();
      const end = rows.at(-1);
      return end ? { position: end.position, hash: end.hash } : head;
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      throw error;
    }
  }
}
