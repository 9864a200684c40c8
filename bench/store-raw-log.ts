/**
 * The baseline of the SQLite store's benchmarks: raw better-sqlite3 writing and reading a plain
 * table with the store's columns and indexes, the same pragmas (WAL, synchronous FULL) and
 * prepared statements, and none of the store's work (checks, hash chain, ordering).
 */
import Database from 'better-sqlite3';
import type { NewEvent } from '@app/event-store';

/** The baseline: the same table, written and read with plain prepared statements. */
export class RawLog {
  private static readonly HASH = 'f'.repeat(64);
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    if (this.db.pragma('synchronous', { simple: true }) !== 2)
      throw new Error('raw baseline: synchronous FULL not applied');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      ) STRICT;
      CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    `);
    this.insert = this.db.prepare(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.begin = this.db.prepare('BEGIN IMMEDIATE');
    this.commit = this.db.prepare('COMMIT');
  }

  /** One transaction of rows; no checks, no hash chain (the hash column gets a constant). */
  write(streamId: string, firstRevision: number, events: readonly NewEvent[]): void {
    const recordedAt = new Date().toISOString();
    this.begin.run();
    events.forEach((event, index) =>
      this.insert.run(
        event.id,
        streamId,
        firstRevision + index,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
        RawLog.HASH,
      ),
    );
    this.commit.run();
  }

  readAllParsed(): number {
    let count = 0;
    for (const row of this.db
      .prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position')
      .all()) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      count++;
    }
    return count;
  }

  /** How many rows the table holds. */
  count(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM events').pluck().get() ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
