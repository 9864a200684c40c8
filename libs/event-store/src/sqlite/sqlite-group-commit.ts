/**
 * Writes one group of queued appends to the SQLite file in one transaction: each append gets
 * its own expected-revision check, its own idempotent-replay check and its own outcome.
 */
import type Database from 'better-sqlite3';
import type { PendingAppend, QueuedAppend } from '../append-queue.js';
import { findEarlierAppend } from '../append-replay.js';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult } from '../event-store.port.js';
import { CHAIN_COLUMNS } from '../event-rows.js';
import { revisionMatches } from '../expected-revision.js';
import { GENESIS_HASH, linkHash } from '../hash-chain.js';

/** The end of the log inside a write transaction, advanced by every append that succeeds. */
interface LogHead {
  position: number;
  hash: string;
}

/** The domain's refusals are per append; any other error aborts the whole group. */
export type AppendOutcome =
  { readonly result: AppendResult; readonly written: boolean } | { readonly refused: Error };

export class SqliteGroupCommit {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      lastEvent: db.prepare<[], { position: number; hash: string }>(
        'SELECT position, hash FROM events ORDER BY position DESC LIMIT 1',
      ),
      streamRevision: db
        .prepare<[string], number | null>('SELECT max(revision) FROM events WHERE stream_id = ?')
        .pluck(),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      insert: db.prepare<[number, string, string, number, string, string, string, string, string]>(
        `INSERT INTO events (${CHAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Writes the group in one transaction; throws (and writes nothing) on anything but a refusal. */
  write(group: readonly PendingAppend[]): AppendOutcome[] {
    const { begin, commit, rollback, lastEvent } = this.statements;
    begin.run();
    try {
      const last = lastEvent.get();
      const head: LogHead = { position: last?.position ?? 0, hash: last?.hash ?? GENESIS_HASH };
      const outcomes = group.map((pending) => this.writeAppend(pending, head));
      commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      throw error;
    }
  }

  private writeAppend({ append }: PendingAppend, head: LogHead): AppendOutcome {
    const { streamId, expectedRevision: expected } = append;
    const current = this.statements.streamRevision.get(streamId) ?? -1;
    try {
      if (!revisionMatches(expected, current)) {
        const replayed = this.findReplay(append);
        if (replayed) return { result: replayed, written: false };
        throw new WrongExpectedRevisionError(streamId, expected, current);
      }
      return { result: this.insert(append, current, head), written: true };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyViolationError)
        return { refused: error };
      throw error;
    }
  }

  private insert(append: QueuedAppend, current: number, head: LogHead): AppendResult {
    const { savepoint, release, rollbackToSavepoint, insert } = this.statements;
    const recordedAt = this.now().toISOString();
    // One INSERT is atomic by itself; several need a savepoint so that a failure undoes this
    // append alone and not its neighbours in the group.
    const undoable = append.events.length > 1;
    let { position, hash } = head;
    let revision = current;
    if (undoable) savepoint.run();
    try {
      for (const event of append.events) {
        position++;
        revision++;
        hash = linkHash(hash, {
          id: event.id,
          streamId: append.streamId,
          revision,
          position,
          type: event.type,
          dataJson: event.dataJson,
          metadataJson: event.metadataJson,
          recordedAt,
        });
        insert.run(
          position,
          event.id,
          append.streamId,
          revision,
          event.type,
          event.dataJson,
          event.metadataJson,
          recordedAt,
          hash,
        );
      }
      if (undoable) release.run();
    } catch (error) {
      if (undoable) {
        rollbackToSavepoint.run();
        release.run();
      }
      // An id already stored: either a replay of an earlier append or a refused overlap.
      if (isUniqueViolation(error)) {
        const replayed = this.findReplay(append);
        if (replayed) return replayed;
      }
      throw error;
    }
    head.position = position;
    head.hash = hash;
    return { nextExpectedRevision: revision, position };
  }

  /** The original result when the append repeats an earlier one (append-replay.ts); see there. */
  private findReplay(append: QueuedAppend): AppendResult | undefined {
    const replayed = findEarlierAppend(append.streamId, append.events, (id) => {
      const row = this.statements.eventById.get(id);
      return row && { streamId: row.stream_id, revision: row.revision, position: row.position };
    });
    if (replayed instanceof Error) throw replayed;
    return replayed;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
