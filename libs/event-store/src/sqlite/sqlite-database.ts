/**
 * Opens the server's SQLite files with the durability they promise (openDurableDatabase), and
 * the event store's with its schema.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** `PRAGMA synchronous` levels, as SQLite reports them. */
const SYNCHRONOUS_FULL = 2;
/** `PRAGMA temp_store` levels: 2 is MEMORY. */
const TEMP_STORE_MEMORY = 2;

/** How long a writer waits for another connection's write lock before its write fails. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a SQLite file that must keep what it acknowledges through a power cut, as every one of
 * the server's files does (the log, its signed heads, the idempotency records, the webhooks, the
 * issued documents): created 0600 in a folder made 0700 before SQLite opens it, whatever the
 * umask; WAL; synchronous FULL, set after switching to WAL and read back, since builds may lower
 * the level with WAL (SQLITE_DEFAULT_WAL_SYNCHRONOUS) and a silent downgrade would void the
 * promise; a writer waits up to BUSY_TIMEOUT_MS for another connection's write lock.
 */
export function openDurableDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`${file}: SQLite refused WAL mode (journal_mode is ${String(mode)})`);
    // In WAL mode NORMAL syncs only at checkpoints: a commit survives a killed process but the
    // last commits can vanish in a power cut. FULL syncs the WAL on every commit, so an
    // acknowledged write is on disk (the event store's group commit pays one fsync per group).
    db.pragma('synchronous = FULL');
    const level = db.pragma('synchronous', { simple: true });
    if (level !== SYNCHRONOUS_FULL) {
      throw new Error(`${file}: PRAGMA synchronous is ${String(level)} after setting FULL (${SYNCHRONOUS_FULL}); refusing to open`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The event store's file: durable (openDurableDatabase), its statement journals in memory, its schema. */
export function openEventsDatabase(file: string): Database.Database {
  const db = openDurableDatabase(file);
  try {
    // An append of several events is written inside a savepoint (so that a refused append undoes
    // itself and not its neighbours in the group commit); SQLite keeps the savepoint's statement
    // journal in a temporary file once it passes 64 KiB, which a 100-event append does: writing
    // it doubled the system time of such an append (7 µs more per event, measured on tmpfs).
    // Kept in memory instead, it is bounded by the pages one append touches; the connection's
    // other temporary storage (the DISTINCT of a partition's streams, its temp table of stream
    // ids) is bounded by the number of streams, and every other query is an indexed, LIMITed one.
    db.pragma('temp_store = MEMORY');
    if (db.pragma('temp_store', { simple: true }) !== TEMP_STORE_MEMORY)
      throw new Error(`${file}: PRAGMA temp_store did not switch to MEMORY; refusing to open`);
    createSchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function createSchema(db: Database.Database): void {
  // `position` is the rowid: the global order, assigned by the store in commit order.
  // UNIQUE (stream_id, revision) also serves stream reads and stream-prefix range scans.
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      id          TEXT    NOT NULL UNIQUE,
      stream_id   TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at TEXT    NOT NULL,
      hash        TEXT    NOT NULL,
      UNIQUE (stream_id, revision)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
  `);
}
