/**
 * The read-model store in one SQLite file: documents and checkpoints committed together with
 * the audit index's lists (audit-index/), for one machine.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { READ_MODELS_VERSION } from '../read-models-version.js';
import { type Checkpointer, startCheckpointer } from '@app/event-store/sqlite';
import type {
  AuditFilter,
  ProjectionCommit,
  ProjectorLock,
  ReadModelStore,
  StoredDocument,
} from '../read-model-store.port.js';
import { SqliteAuditIndex } from './audit-index/sqlite-audit-index.js';
import {
  InlineReadModelWriter,
  type ReadModelWriter,
  type ReadModelWriterFault,
  ThreadReadModelWriter,
} from './sqlite-read-model-writer.js';
import { SqliteReadModelWrites, StatementCache, syncNormally } from './sqlite-read-model-writes.js';

export type SqliteReadModelStoreOptions = ({ readonly dataDir: string } | { readonly file: string }) & {
  /**
   * The audit index shard this store appends to: 0 (the default) for the live projector; one
   * per replayer when parts of the log are replayed side by side (see SqliteAuditIndex).
   */
  readonly auditShard?: number;
  /** SQLite's page cache of this connection, in MiB. Default 32. */
  readonly cacheMiB?: number;
  /**
   * A scratch file, thrown away if anything goes wrong before it is put in place (a rebuild's
   * part, see rebuildSqliteReadModels): no journal on disk and no syncs.
   */
  readonly scratch?: boolean;
  /**
   * Where commits are written: `inline` (the default), in a transaction on this store's own
   * connection, on the calling thread; `thread`, in a worker thread of their own
   * (sqlite-read-model-writer.ts), so that the calling thread's event loop goes on meanwhile.
   * The API's live read models use `thread`. A scratch file is always written inline.
   */
  readonly writer?: 'inline' | 'thread';
  /** Faults the specs inject into the writer thread's commits (never set in production). */
  readonly writerFaults?: () => ReadModelWriterFault | undefined;
  /**
   * How often the thread that checkpoints the write-ahead log of an inline writer
   * (startCheckpointer; a scratch file has no log and no thread, the writer thread's connection
   * checkpoints by itself) does so. Default 200 ms (sqlite-checkpointer.ts).
   */
  readonly checkpointIntervalMs?: number;
  /**
   * Longest run of serializing a commit's documents before other work on the thread gets a
   * turn (the API answers requests in between). Default 4 ms.
   */
  readonly serializationSliceMs?: number;
};

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
`;

const DEFAULT_SERIALIZATION_SLICE_MS = 4;
const DEFAULT_CACHE_MIB = 32;

/**
 * Read models in one SQLite file beside the embedded event store (one machine). Reads run on
 * this store's connection; commits in a transaction on it too, or, with `writer: 'thread'` (the
 * API's), on a connection of their own in a worker thread (sqlite-read-model-writer.ts).
 *
 * There is no cross-process projector lock: a SQLite deployment runs one API process, and
 * every commit compares-and-sets the checkpoints inside an IMMEDIATE transaction, so even a
 * second projector on the same file could never apply an event twice: its commit fails with
 * CheckpointConflictError and it resumes from the stored checkpoints.
 *
 * Durability: `synchronous = NORMAL` (set and read back). In WAL mode a power cut can lose
 * the last commits but never splits one, and every commit holds its checkpoints: the
 * projector then replays what was lost from the log, which alone must be durable.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly name = 'sqlite';
  private readonly statements: StatementCache;
  /** The audit index as this connection reads it (and writes it, with an inline writer). */
  private readonly audit: SqliteAuditIndex;
  private readonly writer: ReadModelWriter;
  /** The log's checkpointer thread, starting or started; only for an inline writer on a file with a log. */
  private readonly checkpointer?: Promise<Checkpointer | undefined>;

  private constructor(
    private readonly db: Database.Database,
    private readonly serializationSliceMs: number,
    options: {
      readonly auditShard: number;
      readonly cacheMiB: number;
      /** Undefined for a scratch file. */
      readonly file: string | undefined;
      readonly writer: 'inline' | 'thread';
      readonly writerFaults?: () => ReadModelWriterFault | undefined;
      readonly checkpointIntervalMs: number | undefined;
    },
  ) {
    this.statements = new StatementCache(db);
    this.audit = new SqliteAuditIndex(db, this.statements.statement, options.auditShard);
    const { file } = options;
    if (file !== undefined && options.writer === 'thread') {
      this.writer = new ThreadReadModelWriter({
        file,
        auditShard: options.auditShard,
        cacheMiB: options.cacheMiB,
        faults: options.writerFaults,
      });
      return;
    }
    this.writer = new InlineReadModelWriter(
      new SqliteReadModelWrites(db, this.statements.statement, this.audit),
      (change) => (change === 'cleared' ? this.audit.cleared() : this.audit.replaced()),
    );
    // A commit of the busy read models rewrites hundreds of KB: every few, SQLite's own
    // checkpoint held the event loop for 5–12 ms more. Should the thread not start, this
    // connection checkpoints by itself, as before.
    if (file !== undefined)
      this.checkpointer = startCheckpointer(db, file, options.checkpointIntervalMs).catch(() => undefined);
  }

  static open(options: SqliteReadModelStoreOptions): SqliteReadModelStore {
    const file = 'file' in options ? options.file : join(options.dataDir, READ_MODELS_FILE);
    mkdirSync(dirname(file), { recursive: true });
    // A commit waits up to 5 s for another connection's write lock.
    const db = new Database(file, { timeout: 5_000 });
    if (options.scratch === true) {
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
    } else {
      db.pragma('journal_mode = WAL');
      try {
        syncNormally(db);
      } catch (error) {
        db.close();
        throw error;
      }
    }
    const cacheMiB = options.cacheMiB ?? DEFAULT_CACHE_MIB;
    db.pragma(`cache_size = ${-1024 * cacheMiB}`);
    db.transaction(() => {
      // The version of the tables above and of the audit index's, and of the documents' shapes
      // (read-models-version.ts): a file written by another one is emptied for the projector.
      const stale = db.pragma('user_version', { simple: true }) !== READ_MODELS_VERSION;
      if (stale) {
        db.exec('DROP TABLE IF EXISTS projection_documents; DROP TABLE IF EXISTS projection_checkpoints;');
        db.pragma(`user_version = ${READ_MODELS_VERSION}`);
      }
      db.exec(TABLES);
      SqliteAuditIndex.createTables(db, stale);
    }).immediate();
    return new SqliteReadModelStore(db, options.serializationSliceMs ?? DEFAULT_SERIALIZATION_SLICE_MS, {
      auditShard: options.auditShard ?? 0,
      cacheMiB,
      file: options.scratch === true ? undefined : file,
      writer: options.writer ?? 'inline',
      writerFaults: options.writerFaults,
      checkpointIntervalMs: options.checkpointIntervalMs,
    });
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
    // What needs no lock is done before taking it: a replay's parts share the one write lock.
    const documents: [projection: string, key: string, body: string][] = [];
    let sliceStarted = performance.now();
    for (const document of commit.documents) {
      documents.push([document.projection, document.key, JSON.stringify(document.body)]);
      // A large commit serializes for a while: let the thread answer requests in between.
      if (performance.now() - sliceStarted >= this.serializationSliceMs) {
        await yieldToEventLoop();
        sliceStarted = performance.now();
      }
    }
    await this.writer.write({
      checkpoints: commit.checkpoints,
      documents,
      auditEntries: commit.auditEntries,
    });
  }

  async searchAudit(filter: AuditFilter): Promise<number[]> {
    return this.audit.search(filter);
  }

  async blocYearPositionsUntil(blocId: string, year: number, until: string): Promise<number[]> {
    return this.audit.positionsUntil(blocId, year, until);
  }

  async reset(): Promise<void> {
    await this.writer.suspend();
    this.db
      .transaction(() => {
        this.db.exec('DROP TABLE projection_documents; DROP TABLE projection_checkpoints;');
        this.audit.dropLists();
        this.db.exec(TABLES);
      })
      .immediate();
    // Dropped tables invalidate prepared statements.
    this.statements.clear();
    this.writer.resume('cleared');
  }

  /**
   * Adds the read models of the given files (written by stores opened on them, with documents
   * this one does not hold and audit shards of their own) and replaces every checkpoint with
   * `checkpoints`, in one transaction.
   */
  async absorb(files: readonly string[], checkpoints: ReadonlyMap<string, number>): Promise<void> {
    await this.writer.suspend();
    const schemas = files.map((_, index) => `part_${index}`);
    files.forEach((file, index) => this.db.prepare(`ATTACH DATABASE ? AS ${schemas[index]}`).run(file));
    try {
      this.db
        .transaction(() => {
          this.db.exec('DELETE FROM main.projection_checkpoints');
          for (const schema of schemas) {
            this.db.exec(
              `INSERT INTO main.projection_documents (projection, key, body)
                 SELECT projection, key, body FROM ${schema}.projection_documents;`,
            );
            this.audit.absorb(schema);
          }
          const insert = this.db.prepare(
            'INSERT INTO main.projection_checkpoints (projection, position) VALUES (?, ?)',
          );
          for (const [projection, position] of checkpoints) insert.run(projection, position);
        })
        .immediate();
    } finally {
      for (const schema of schemas) this.db.exec(`DETACH DATABASE ${schema}`);
    }
    this.writer.resume('replaced');
  }

  async finishRebuild(): Promise<void> {
    // Nothing was deferred: the audit index's lists are complete after every commit.
  }

  async acquireProjectorLock(signal: AbortSignal): Promise<ProjectorLock> {
    signal.throwIfAborted();
    return { lost: new Promise<void>(() => undefined), release: async () => undefined };
  }

  async close(): Promise<void> {
    await this.writer.close();
    await (await this.checkpointer)?.close();
    this.db.close();
  }

  private statement(sql: string, pluck = false): Database.Statement {
    return this.statements.statement(sql, pluck);
  }
}
