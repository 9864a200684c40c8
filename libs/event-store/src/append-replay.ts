/**
 * The idempotent-replay rule of every adapter: an append whose event ids are all stored
 * already, in its stream, at consecutive revisions in the same order, repeats an earlier
 * append and gets that append's result again; one whose ids are partly stored, or stored
 * elsewhere or in another order, is refused.
 */
import { IdempotencyViolationError } from './event-store.errors.js';
import type { AppendResult } from './event-store.port.js';

/** Where an already stored event id sits. */
export interface StoredId {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * The original result when every id of the append is stored as this same append; undefined
 * when none is stored; an IdempotencyViolationError (returned, not thrown) for anything between.
 */
export function findEarlierAppend(
  streamId: string,
  events: readonly { readonly id: string }[],
  storedId: (id: string) => StoredId | undefined,
): AppendResult | IdempotencyViolationError | undefined {
  const found = events.map((event) => storedId(event.id));
  if (found.every((stored) => stored === undefined)) return undefined;

  const first = found[0];
  const sameOrder =
    first !== undefined &&
    found.every(
      (stored, index) =>
        stored !== undefined && stored.streamId === streamId && stored.revision === first.revision + index,
    );
  if (!sameOrder) return partialRepeat(streamId);
  const last = found[found.length - 1] as StoredId;
  return { nextExpectedRevision: last.revision, position: last.position };
}

/** The refusal of an append that repeats an earlier one only in part. */
export function partialRepeat(streamId: string): IdempotencyViolationError {
  return new IdempotencyViolationError(
    `stream ${streamId}: some event ids of this append are already stored, ` +
      'but not as this same append to this stream',
  );
}
