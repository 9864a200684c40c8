import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointConflictError } from '../../projection.errors.js';
import type {
  AuditEntry,
  AuditFilter,
  ProjectionCommit,
  ProjectorLock,
  ReadModelStore,
  StoredDocument,
} from '../read-model-store.port.js';
import { auditEntryOf, type AuditRow } from '../audit-row.js';

export type SqliteReadModelStoreOptions = { readonly dataDir: string } | { readonly file: string };

/** The read models' file inside the data folder. */
export const READ_MODELS_FILE = 'read-models.sqlite';

const TABLES = `
  CREATE TABLE IF NOT EXISTS projection_documents (
    projection TEXT NOT NULL,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (projection, key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS audit_entries (
    position INTEGER PRIMARY KEY,
    bloc_id TEXT,
    year INTEGER,
    unit_id TEXT,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
`;

// The audit table is a rowid table keyed by position: SQLite appends the rowid to every
// index entry, so each index below also yields its matches in position order (cursor paging).
const AUDIT_INDEXES = `
  CREATE INDEX IF NOT EXISTS audit_by_bloc_year ON audit_entries (bloc_id, year);
  CREATE INDEX IF NOT EXISTS audit_by_unit_type ON audit_entries (unit_id, type);
  CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_entries (actor);
  CREATE INDEX IF NOT EXISTS audit_by_type ON audit_entries (type);
  CREATE INDEX IF NOT EXISTS audit_by_time ON audit_entries (recorded_at);
`;

const SYNCHRONOUS_FULL = 2;

/**
 * Read models in one SQLite file beside the embedded event store (one machine).
 *
 * There is no cross-process projector lock: a SQLite deployment runs one API process, and
 * every commit compares-and-sets the checkpoints inside an IMMEDIATE transaction, so even a
 * second projector on the same file could never apply an event twice: its commit fails with
 * CheckpointConflictError and it resumes from the stored checkpoints.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly name = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();
  /** Parameters of one multi-row audit insert, reused from one insert to the next. */
  private readonly auditValues = new Array<AuditValue>(AUDIT_ROWS_PER_INSERT * AUDIT_COLUMNS);
  private readonly commitTransaction: Database.Transaction<(commit: ProjectionCommit) => void>;

  private constructor(private readonly db: Database.Database) {
    this.commitTransaction = db.transaction((commit: ProjectionCommit) => this.write(commit));
  }

  static open(options: SqliteReadModelStoreOptions): SqliteReadModelStore {
    const file = 'file' in options ? options.file : join(options.dataDir, READ_MODELS_FILE);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // A pragma that silently did not apply would void the durability promise: check it.
    const synchronous = db.pragma('synchronous', { simple: true });
    if (synchronous !== SYNCHRONOUS_FULL) {
      db.close();
      throw new Error(`read models: synchronous is ${String(synchronous)}, expected FULL`);
    }
    db.pragma('busy_timeout = 5000');
    // Documents are rewritten batch after batch: keep their pages cached (32 MiB, default 2).
    db.pragma('cache_size = -32768');
    db.exec(TABLES);
    // Also completes the indexes of a rebuild that was interrupted before it finished.
    db.exec(AUDIT_INDEXES);
    return new SqliteReadModelStore(db);
  }

  async checkpoints(): Promise<ReadonlyMap<string, number>> {
    const rows = this.statement('SELECT projection, position FROM projection_checkpoints').all() as {
      projection: string;
      position: number;
    }[];
    return new Map(rows.map((row) => [row.projection, row.position]));
  }

  async loadDocuments(projection: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    // One statement for all the keys (passed as one JSON array): a replay asks for every
    // bloc-year's new documents, almost always absent, batch after batch.
    const rows = this.statement(
      'SELECT key, body FROM projection_documents ' +
        'WHERE projection = ? AND key IN (SELECT value FROM json_each(?))',
    ).all(projection, JSON.stringify(keys)) as { key: string; body: string }[];
    return new Map(rows.map((row) => [row.key, JSON.parse(row.body)]));
  }

  async loadDocument(projection: string, key: string): Promise<unknown> {
    return (await this.loadDocuments(projection, [key])).get(key);
  }

  async listDocuments(projection: string): Promise<StoredDocument[]> {
    const rows = this.statement(
      'SELECT key, body FROM projection_documents WHERE projection = ? ORDER BY key',
    ).all(projection) as { key: string; body: string }[];
    return rows.map((row) => ({ projection, key: row.key, body: JSON.parse(row.body) }));
  }

  async commit(commit: ProjectionCommit): Promise<void> {
    this.commitTransaction.immediate(commit);
  }

  private write(commit: ProjectionCommit): void {
    const readCheckpoint = this.statement(
      'SELECT position FROM projection_checkpoints WHERE projection = ?',
      true,
    );
    const writeCheckpoint = this.statement(
      'INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?) ' +
        'ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
    for (const checkpoint of commit.checkpoints) {
      const current = (readCheckpoint.get(checkpoint.projection) as number | undefined) ?? 0;
      if (current !== checkpoint.from)
        throw new CheckpointConflictError(checkpoint.projection, checkpoint.from);
      writeCheckpoint.run(checkpoint.projection, checkpoint.to);
    }
    const writeDocument = this.statement(
      'INSERT INTO projection_documents (projection, key, body) VALUES (?, ?, ?) ' +
        'ON CONFLICT (projection, key) DO UPDATE SET body = excluded.body',
    );
    for (const document of commit.documents) {
      writeDocument.run(document.projection, document.key, JSON.stringify(document.body));
    }
    this.insertAuditEntries(commit.auditEntries);
  }

  /**
   * Inserts the entries AUDIT_ROWS_PER_INSERT at a time: one statement per row would cost a
   * call into SQLite per event of the log during a replay.
   */
  private insertAuditEntries(entries: readonly AuditEntry[]): void {
    const full = Math.floor(entries.length / AUDIT_ROWS_PER_INSERT) * AUDIT_ROWS_PER_INSERT;
    if (full > 0) {
      const insertMany = this.statement(insertAuditSql(AUDIT_ROWS_PER_INSERT));
      const values = this.auditValues;
      for (let start = 0; start < full; start += AUDIT_ROWS_PER_INSERT) {
        for (let row = 0; row < AUDIT_ROWS_PER_INSERT; row++) {
          setAuditValues(values, row * AUDIT_COLUMNS, entries[start + row]);
        }
        insertMany.run(values);
      }
    }
    if (full < entries.length) {
      const insertOne = this.statement(insertAuditSql(1));
      const values: AuditValue[] = new Array<AuditValue>(AUDIT_COLUMNS);
      for (let index = full; index < entries.length; index++) {
        setAuditValues(values, 0, entries[index]);
        insertOne.run(values);
      }
    }
  }

  async searchAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const equal = (column: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    equal('bloc_id', filter.blocId);
    equal('year', filter.year);
    equal('unit_id', filter.unitId);
    equal('actor', filter.actor);
    if (filter.types !== undefined && filter.types.length > 0) {
      where.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
      params.push(...filter.types);
    }
    if (filter.from !== undefined) {
      where.push('recorded_at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('recorded_at <= ?');
      params.push(filter.to);
    }
    if (filter.after !== undefined) {
      where.push('position > ?');
      params.push(filter.after);
    }
    const sql =
      'SELECT position, bloc_id, year, unit_id, actor, type, recorded_at FROM audit_entries' +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY position LIMIT ?';
    const rows = this.statement(sql).all(...params, filter.limit) as AuditRow[];
    return rows.map(auditEntryOf);
  }

  async reset(): Promise<void> {
    this.db
      .transaction(() => {
        this.db.exec(
          'DROP TABLE projection_documents; DROP TABLE projection_checkpoints; DROP TABLE audit_entries;',
        );
        this.db.exec(TABLES);
      })
      .immediate();
    // Dropped tables invalidate prepared statements.
    this.statements.clear();
  }

  async finishRebuild(): Promise<void> {
    // One transaction: one commit (and WAL checkpoint) for all the indexes rather than five.
    this.db.transaction(() => this.db.exec(AUDIT_INDEXES)).immediate();
    // Statistics let the planner prefer a selective index (a unit) over a common one (a type);
    // a sampled ANALYZE costs milliseconds, not a scan of the table.
    this.db.pragma('analysis_limit = 1000');
    this.db.exec('ANALYZE audit_entries');
  }

  async acquireProjectorLock(signal: AbortSignal): Promise<ProjectorLock> {
    signal.throwIfAborted();
    return { lost: new Promise<void>(() => undefined), release: async () => undefined };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** A prepared statement, cached; `pluck` statements return the first column only. */
  private statement(sql: string, pluck = false): Database.Statement {
    const cacheKey = pluck ? `pluck:${sql}` : sql;
    let statement = this.statements.get(cacheKey);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (pluck) statement.pluck();
      this.statements.set(cacheKey, statement);
    }
    return statement;
  }
}

type AuditValue = string | number | null;

const AUDIT_COLUMNS = 7;
/** 100 rows, 700 parameters: far below SQLite's limit of 32,766 per statement. */
const AUDIT_ROWS_PER_INSERT = 100;

function insertAuditSql(rows: number): string {
  const row = `(${new Array<string>(AUDIT_COLUMNS).fill('?').join(', ')})`;
  return (
    'INSERT INTO audit_entries (position, bloc_id, year, unit_id, actor, type, recorded_at) VALUES ' +
    new Array<string>(rows).fill(row).join(', ')
  );
}

function setAuditValues(values: AuditValue[], at: number, entry: AuditEntry): void {
  values[at] = entry.position;
  values[at + 1] = entry.blocId;
  values[at + 2] = entry.year;
  values[at + 3] = entry.unitId;
  values[at + 4] = entry.actor;
  values[at + 5] = entry.type;
  values[at + 6] = entry.recordedAt;
}
