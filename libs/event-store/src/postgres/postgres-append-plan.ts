import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult, ExpectedRevision } from '../event-store.port.js';
import type { PreparedEvent } from '../event-store.validation.js';
import { revisionMatches } from '../expected-revision.js';

/** One caller's append, already validated and serialised, waiting for the next group commit. */
export interface QueuedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

/** Where an already stored event id sits. */
export interface StoredId {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}

/** What the batch's transaction saw of the log, read under the append lock. */
export interface LogState {
  /** Revision of the last event of each stream the batch touches; absent when the stream does not exist. */
  readonly streamRevisions: Map<string, number>;
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
 * Decides, for each append of a group commit in queue order, whether it writes, repeats an
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
    const duplicate = findEarlierAppend(append, state.storedIds);
    if (duplicate instanceof Error) return { kind: 'refused', error: duplicate };
    if (duplicate) return { kind: 'duplicate', result: duplicate };

    const current = state.streamRevisions.get(append.streamId) ?? -1;
    if (!revisionMatches(append.expectedRevision, current)) {
      return {
        kind: 'refused',
        error: new WrongExpectedRevisionError(append.streamId, append.expectedRevision, current),
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
    return { kind: 'write', rows };
  });
}

/**
 * The original result when every id of the append is stored, in this stream, at consecutive
 * revisions in the same order; undefined when none is stored; an error for anything between.
 */
function findEarlierAppend(
  append: QueuedAppend,
  storedIds: ReadonlyMap<string, StoredId>,
): AppendResult | IdempotencyViolationError | undefined {
  const found = append.events.map((event) => storedIds.get(event.id));
  if (found.every((stored) => stored === undefined)) return undefined;

  const first = found[0];
  const sameOrder =
    first !== undefined &&
    found.every(
      (stored, index) =>
        stored !== undefined &&
        stored.streamId === append.streamId &&
        stored.revision === first.revision + index,
    );
  if (!sameOrder) {
    return new IdempotencyViolationError(
      `stream ${append.streamId}: some event ids of this append are already stored, in another stream or another order`,
    );
  }
  const last = found[found.length - 1] as StoredId;
  return { nextExpectedRevision: last.revision, position: last.position };
}
