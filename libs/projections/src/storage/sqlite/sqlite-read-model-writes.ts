/**
 * The read models' write transaction in SQLite: a commit's checkpoints (compared and set), its
 * documents and its audit entries, in one IMMEDIATE transaction on one connection. The store's
 * own connection runs it (InlineReadModelWriter), or the writer thread's
 * (sqlite-read-model-writer.worker.ts).
 */
import type Database from 'better-sqlite3';
import { CheckpointConflictError } from '../../projection.errors.js';
import type { AuditEntries, ProjectionCommit } from '../read-model-store.port.js';
import type { Statement } from './audit-index/audit-index.tables.js';
import type { SqliteAuditIndex } from './audit-index/sqlite-audit-index.js';

/** A commit with its documents serialized (JSON), ready to write. */
export interface SerializedCommit {
  readonly checkpoints: ProjectionCommit['checkpoints'];
  readonly documents: readonly (readonly [projection: string, key: string, body: string])[];
  readonly auditEntries: AuditEntries;
}

const SYNCHRONOUS_NORMAL = 1;

/**
 * Sets `synchronous = NORMAL` on a connection to the read models' file and reads it back: a
 * pragma that silently did not apply would void what the store promises (see
 * SqliteReadModelStore). Throws when it did not.
 */
export function syncNormally(db: Database.Database): void {
  db.pragma('synchronous = NORMAL');
  const synchronous = db.pragma('synchronous', { simple: true });
  if (synchronous !== SYNCHRONOUS_NORMAL)
    throw new Error(`read models: synchronous is ${String(synchronous)}, expected NORMAL`);
}

/** A connection's prepared statements, prepared once each; `pluck` ones return the first column only. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();
  /** The cache as the audit index's parts take it. */
  readonly statement: Statement = (sql, pluck = false) => {
    const cacheKey = pluck ? `pluck:${sql}` : sql;
    let statement = this.statements.get(cacheKey);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (pluck) statement.pluck();
      this.statements.set(cacheKey, statement);
    }
    return statement;
  };

  constructor(private readonly db: Database.Database) {}

  /** After tables were dropped: their statements are void. */
  clear(): void {
    this.statements.clear();
  }
}

/** Writes commits through one connection, with the audit index that connection appends to. */
export class SqliteReadModelWrites {
  private readonly transaction: Database.Transaction<
    (commit: SerializedCommit, audit: ReturnType<SqliteAuditIndex['prepare']>) => void
  >;

  constructor(
    db: Database.Database,
    private readonly statement: Statement,
    private readonly audit: SqliteAuditIndex,
    /** Called inside the transaction once everything is written, before COMMIT (the specs' faults). */
    private readonly beforeCommit?: () => void,
  ) {
    this.transaction = db.transaction((commit, audit) => this.write(commit, audit));
  }

  /**
   * Stores the commit whole or not at all; throws CheckpointConflictError (storing nothing) when
   * a checkpoint is no longer at its `from`.
   */
  commit(commit: SerializedCommit): void {
    // Grouped before the write lock is taken: a replay's parts share it.
    const audit = this.audit.prepare(commit.auditEntries);
    try {
      this.transaction.immediate(commit, audit);
    } catch (error) {
      this.audit.rolledBack();
      throw error;
    }
    this.audit.committed();
  }

  private write(commit: SerializedCommit, audit: ReturnType<SqliteAuditIndex['prepare']>): void {
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
    for (const [projection, key, body] of commit.documents) writeDocument.run(projection, key, body);
    this.audit.write(audit);
    this.beforeCommit?.();
  }
}
