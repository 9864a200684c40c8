/**
 * Decides what each append of a PostgreSQL group commit does (write, repeat, refusal) from
 * the log state read under the append lock, before anything is written.
 */
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult } from '../event-store.port.js';
import type { PreparedEvent } from '../event-store.validation.js';
import { revisionMatches } from '../expected-revision.js';
import type { QueuedAppend } from '../append-queue.js';
import { findEarlierAppend, type StoredId } from '../append-replay.js';

/** What the batch's transaction saw of the log, read under the append lock. */
export interface LogState {
  /** Revision of the last event of each stream the batch touches; absent when the stream does not exist. */
  readonly streamRevisions: Map<string, number>;
  /** Id of the last event of each stream the batch touches (lower case); absent when the stream does not exist. */
  readonly streamLastIds: Map<string, string>;
  /** The batch's event ids that are already stored. */
  readonly storedIds: Map<string, StoredId>;
}

/** A row to insert; the caller adds its hash, in position order. */
export interface PlannedRow {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly event: PreparedEvent;
}

export type AppendOutcome =
  | { readonly kind: 'write'; readonly rows: readonly PlannedRow[] }
  | { readonly kind: 'duplicate'; readonly result: AppendResult }
  | { readonly kind: 'refused'; readonly error: Error };

/**
 * Decides, for each append of a group commit in queue order (the order they are written in, so
 * that an append pipelined on an earlier one of the same group finds it), whether it writes, repeats an
 * earlier append (idempotent: same ids, same stream, same order) or is refused. Each append
 * is judged on its own, against the log as left by the appends before it in the batch, so one
 * caller's conflict never fails another's write. `firstPosition` is the position the batch's
 * first new row will take. Mutates `state` as appends are accepted.
 */
export function planGroupCommit(
  appends: readonly QueuedAppend[],
  state: LogState,
  firstPosition: number,
): AppendOutcome[] {
  let nextPosition = firstPosition;
  return appends.map((append): AppendOutcome => {
    const duplicate = findEarlierAppend(append.streamId, append.events, (id) => state.storedIds.get(id));
    if (duplicate instanceof Error) return { kind: 'refused', error: duplicate };
    if (duplicate) return { kind: 'duplicate', result: duplicate };

    const current = state.streamRevisions.get(append.streamId) ?? -1;
    const lastId = state.streamLastIds.get(append.streamId);
    const expectedLastId = append.expectedLastEventId;
    const lastIdMatches = expectedLastId === undefined || expectedLastId === lastId;
    if (!revisionMatches(append.expectedRevision, current) || !lastIdMatches) {
      return {
        kind: 'refused',
        error: new WrongExpectedRevisionError(
          append.streamId,
          append.expectedRevision,
          current,
          lastIdMatches ? undefined : { expected: expectedLastId, actual: lastId },
        ),
      };
    }
    const rows = append.events.map((event, index) => ({
      position: nextPosition++,
      streamId: append.streamId,
      revision: current + 1 + index,
      event,
    }));
    for (const row of rows) {
      state.storedIds.set(row.event.id, {
        streamId: row.streamId,
        revision: row.revision,
        position: row.position,
      });
    }
    state.streamRevisions.set(append.streamId, current + rows.length);
    state.streamLastIds.set(append.streamId, rows[rows.length - 1].event.id);
    return { kind: 'write', rows };
  });
}
