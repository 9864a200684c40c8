/**
 * Writes one group of queued appends to the SQLite file in one transaction: each append gets
 * its own expected-revision check (and expected last event id), its own idempotent-replay check
 * and its own outcome. The appends are written in the order of the group, so an append queued
 * on top of an earlier one of the same group (pipelining) finds it written.
 */
import type Database from 'better-sqlite3';
import type { QueuedAppend } from '../append-queue.js';
import { findEarlierAppend } from '../append-replay.js';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult } from '../event-store.port.js';
import { CHAIN_COLUMNS } from '../event-rows.js';
import { revisionMatches } from '../expected-revision.js';
import { AppendChain, GENESIS_HASH } from '../hash-chain.js';
import { preallocateWal } from './sqlite-wal-file.js';

/** The end of the log inside a write transaction, advanced by every append that succeeds. */
interface LogHead {
  position: number;
  hash: string;
}

/** The domain's refusals are per append; any other error aborts the whole group. */
export type AppendOutcome =
  { readonly result: AppendResult; readonly written: boolean } | { readonly refused: Error };

/** An append as the writer takes it: stamped with its recordedAt by the store's clock. */
export interface StampedAppend extends QueuedAppend {
  readonly recordedAt: string;
}

/** Where a group commit stands, for the crash specs' hook (SqliteWriterFault). */
export type GroupCommitStage = 'begun' | 'committed';

export class SqliteGroupCommit {
  private readonly statements;
  /** Whether this connection's first write transaction has seen to the WAL file's length. */
  private walPreallocated = false;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      lastEvent: db
        .prepare<[], [position: number, hash: string]>(
          'SELECT position, hash FROM events ORDER BY position DESC LIMIT 1',
        )
        .raw(),
      // From the (stream_id, revision) index alone; the id, read from the table, only when the
      // append names the last event it expects.
      streamRevision: db
        .prepare<[string], number>(
          'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
        )
        .pluck(),
      streamLast: db
        .prepare<[string], [revision: number, id: string]>(
          'SELECT revision, id FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
        )
        .raw(),
      eventById: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE id = ?',
      ),
      // The metadata comes as the UTF-8 bytes the hash chain encoded (AppendChain.metadataBytes),
      // stored as the text they are.
      insert: db.prepare<[number, string, string, number, string, string, Buffer, string, string]>(
        `INSERT INTO events (${CHAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)`,
      ),
    };
  }

  /**
   * Writes the group in one transaction, in the group's order; throws (and writes nothing) on
   * anything but a refusal. `reached` is told each stage (a test hook may stop the thread there).
   */
  write(group: readonly StampedAppend[], reached?: (stage: GroupCommitStage) => void): AppendOutcome[] {
    const { begin, commit, rollback, lastEvent } = this.statements;
    begin.run();
    try {
      if (!this.walPreallocated) this.preallocateWal();
      reached?.('begun');
      const last = lastEvent.get();
      const head: LogHead = last ? { position: last[0], hash: last[1] } : { position: 0, hash: GENESIS_HASH };
      const outcomes: AppendOutcome[] = [];
      const alone = group.length === 1;
      for (let i = 0; i < group.length; i++) outcomes.push(this.writeAppend(group[i], head, alone));
      // An append alone in its group undoes a failed insert by rolling its transaction back.
      if (!this.db.inTransaction) return outcomes;
      commit.run();
      reached?.('committed');
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      throw error;
    }
  }

  /**
   * Zero-fills the write-ahead log ahead of the commits (sqlite-wal-file.ts), once per
   * connection, under the write lock just taken. It only makes commits cheaper: if the file
   * system refuses (a full disk), the commits go on without it and meet the error themselves.
   */
  private preallocateWal(): void {
    this.walPreallocated = true;
    try {
      preallocateWal(this.db);
    } catch {
      // Nothing was lost: the zeros lie past every committed frame.
    }
  }

  private writeAppend(append: StampedAppend, head: LogHead, alone: boolean): AppendOutcome {
    const { streamId, expectedRevision: expected, expectedLastEventId } = append;
    let current: number;
    let lastId: string | undefined;
    if (expectedLastEventId === undefined) {
      current = this.statements.streamRevision.get(streamId) ?? -1;
    } else {
      const last = this.statements.streamLast.get(streamId);
      current = last?.[0] ?? -1;
      lastId = last?.[1];
    }
    try {
      const lastIdMatches = expectedLastEventId === undefined || expectedLastEventId === lastId;
      if (!revisionMatches(expected, current) || !lastIdMatches) {
        // A replay of an append already written: its stream has moved on since it was decided.
        const replayed = this.findReplay(append);
        if (replayed) return { result: replayed, written: false };
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          current,
          lastIdMatches ? undefined : { expected: expectedLastEventId, actual: lastId },
        );
      }
      return this.insert(append, current, head, alone);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyViolationError)
        return { refused: error };
      throw error;
    }
  }

  private insert(append: StampedAppend, current: number, head: LogHead, alone: boolean): AppendOutcome {
    const { savepoint, release, rollbackToSavepoint, rollback, insert } = this.statements;
    const recordedAt = append.recordedAt;
    // One INSERT is atomic by itself; several need a savepoint so that a failure undoes this
    // append alone and not its neighbours in the group. An append alone in its group needs
    // none: a failure rolls the transaction back. (A savepoint costs each event a copy of the
    // pages it touches into the statement journal: about 5% of a 100-event append.)
    const undoable = append.events.length > 1 && !alone;
    const { events, streamId } = append;
    // The whole append's links first, then its inserts: each loop keeps its own code and data
    // in the CPU's caches. Linking event by event between the inserts cost a 100-event append
    // 11–16 µs more in the store, about 40 µs in a script of its statements alone
    // (bench/FIGURES.md, "twentieth pass").
    const chain = new AppendChain(streamId, recordedAt);
    const hashes = chain.linkAll(head.hash, events, current + 1, head.position + 1);
    if (undoable) savepoint.run();
    try {
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        insert.run(
          head.position + 1 + i,
          event.id,
          streamId,
          current + 1 + i,
          event.type,
          event.dataJson,
          chain.metadataBytes(event.metadataJson),
          recordedAt,
          hashes[i],
        );
      }
      if (undoable) release.run();
    } catch (error) {
      if (undoable) {
        rollbackToSavepoint.run();
        release.run();
      } else if (append.events.length > 1 && this.db.inTransaction) {
        rollback.run();
      }
      // An id already stored: either a replay of an earlier append or a refused overlap.
      if (isUniqueViolation(error)) {
        const replayed = this.findReplay(append);
        if (replayed) return { result: replayed, written: false };
      }
      throw error;
    }
    head.position += events.length;
    head.hash = hashes[events.length - 1];
    return { result: { nextExpectedRevision: current + events.length, position: head.position }, written: true };
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
