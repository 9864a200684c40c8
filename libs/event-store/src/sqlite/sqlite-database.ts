/**
 * Opens the SQLite file with the durability the store promises, and creates the schema.
 */
import Database from 'better-sqlite3';

/** `PRAGMA synchronous` levels, as SQLite reports them. */
const SYNCHRONOUS_FULL = 2;
/** `PRAGMA temp_store` levels: 2 is MEMORY. */
const TEMP_STORE_MEMORY = 2;

/** How long a writer waits for another process's write lock before the append fails. */
const BUSY_TIMEOUT_MS = 5000;

export function openEventsDatabase(file: string): Database.Database {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`${file}: SQLite refused WAL mode (journal_mode is ${String(mode)})`);
    // In WAL mode NORMAL syncs only at checkpoints: a commit survives a killed process but the
    // last commits can vanish in a power cut. FULL syncs the WAL on every commit, so a resolved
    // append is on disk. Group commit pays that one fsync per batch, not per append. Set it
    // after switching to WAL and read it back, since builds may lower the level with WAL
    // (SQLITE_DEFAULT_WAL_SYNCHRONOUS) and a silent downgrade would void the promise.
    db.pragma('synchronous = FULL');
    const level = db.pragma('synchronous', { simple: true });
    if (level !== SYNCHRONOUS_FULL) {
      throw new Error(`${file}: PRAGMA synchronous is ${String(level)} after setting FULL (${SYNCHRONOUS_FULL}); refusing to open`);
    }
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
