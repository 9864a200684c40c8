/**
 * Pure translations between the port and @eventstore/db-client, kept apart from the I/O so that
 * they can be tested without a server.
 *
 * Positions. EventStoreDB addresses an event in $all by a `Position {commit, prepare}`: byte
 * offsets in its transaction log. Every append over gRPC is an implicit transaction whose
 * events are written as self-committed prepare records, so each event's commit position is
 * its own log offset and `commit === prepare` (only events from explicit transactions of the
 * retired TCP API differ; this adapter never writes those). Our numeric position is therefore
 * the commit position, exact as a JS number up to 2^53 bytes of log (8 PiB); the reverse
 * mapping is `{commit: n, prepare: n}`, and 0 (the beginning) is START. The positions are
 * strictly increasing in $all order but not dense: consumers only compare them, and the
 * projections keep their checkpoint as this number.
 */
import {
  ANY,
  excludeSystemEvents,
  eventTypeFilter,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  streamNameFilter,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { findEarlierAppend } from '../append-replay.js';
import { type IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AppendResult,
  EventMetadata,
  ExpectedRevision,
  LogFilter,
  RecordedEvent,
} from '../event-store.port.js';
import { matchesStreamPrefix, streamPrefixRange } from '../stream-prefix.js';

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function fromClientExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  switch (expected) {
    case NO_STREAM:
      return 'no_stream';
    case ANY:
      return 'any';
    case STREAM_EXISTS:
      return 'exists';
    default:
      return toSafeNumber(expected, 'revision');
  }
}

/** The revision of a stream's last event, -1 when it does not exist (our WrongExpectedRevisionError's `actual`). */
export function fromClientCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : toSafeNumber(current, 'revision');
}

/** The fields of the client's WrongExpectedVersionError this mapping reads. */
export interface ClientWrongExpectedVersion {
  readonly streamName: string;
  readonly expectedVersion: AppendExpectedRevision;
  readonly actualVersion: CurrentRevision;
}

/**
 * Our conflict error from the client's. The expectation is the caller's own (the server
 * reports `exists` as `any` in some versions); the actual revision is the server's.
 */
export function toWrongExpectedRevisionError(
  streamId: string,
  expected: ExpectedRevision,
  error: ClientWrongExpectedVersion,
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, fromClientCurrentRevision(error.actualVersion));
}

/**
 * After a conflict: whether the refused append repeats events already in the stream. All its
 * ids at consecutive revisions in the same order → the original result (an idempotent retry
 * whose expectation went stale); some of them → IdempotencyViolationError; none → undefined,
 * and the conflict stands. `stream` is the stream as read back, in any order.
 */
export function findRepeatedAppend(
  streamId: string,
  ids: readonly string[],
  stream: readonly RecordedEvent[],
): AppendResult | IdempotencyViolationError | undefined {
  const byId = new Map(stream.map((event) => [event.id, event]));
  return findEarlierAppend(
    streamId,
    ids.map((id) => ({ id })),
    (id) => byId.get(id),
  );
}

export function toClientPosition(position: number): ReadPosition {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`a log position is an integer of at least 0, not ${String(position)}`);
  }
  if (position === 0) return START;
  const offset = BigInt(position);
  return { commit: offset, prepare: offset };
}

export function fromClientPosition(position: Position): number {
  return toSafeNumber(position.commit, 'log position');
}

/**
 * Server-side filter of a catch-up subscription. The server filters on one criterion: the
 * stream prefix when there is one (types are then checked here as well, see `matchesFilter`),
 * else the event types, else it only leaves out EventStoreDB's own `$` events. Both are
 * regular expressions (.NET syntax on the server) over escaped literals.
 */
export function toClientFilter(filter: LogFilter): Filter {
  if (filter.streamPrefix !== undefined) {
    // Whole segments, as in stream-prefix.ts: the stream itself or the streams below it.
    const { exact, childrenFrom } = streamPrefixRange(filter.streamPrefix);
    return streamNameFilter({ regex: `^(?:${escapeRegex(exact)}$|${escapeRegex(childrenFrom)})` });
  }
  if (filter.types) {
    return eventTypeFilter({ regex: `^(?:${filter.types.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

/** Whether an event of ours passes the filter (the same rule as the SQL adapters). */
export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter: LogFilter): boolean {
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.streamPrefix !== undefined && !matchesStreamPrefix(event.streamId, filter.streamPrefix)) return false;
  return true;
}

/** What is written to EventStoreDB's metadata: our metadata with its well-known `$` names, and the chain hash. */
export interface StoredMetadata {
  readonly $correlationId: string;
  readonly $causationId: string;
  readonly hash: string;
  readonly [key: string]: unknown;
}

/** Our metadata back from what was stored; undefined for events this adapter did not write. */
export function fromStoredMetadata(stored: unknown): { metadata: EventMetadata; hash?: string } | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || stored instanceof Uint8Array) return undefined;
  const { $correlationId, $causationId, hash, ...rest } = stored as Record<string, unknown>;
  if (typeof $correlationId !== 'string' || typeof $causationId !== 'string') return undefined;
  const metadata = { ...rest, correlationId: $correlationId, causationId: $causationId } as unknown as EventMetadata;
  return { metadata, hash: typeof hash === 'string' ? hash : undefined };
}

/**
 * One of our events as read from the client, or undefined for what is not ours: EventStoreDB's
 * own `$` streams and events, and binary (non-JSON) events.
 */
export function fromClientEvent(
  event: ClientRecordedEvent,
  fallbackPosition?: bigint,
): { readonly event: RecordedEvent; readonly hash?: string } | undefined {
  if (!event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const stored = fromStoredMetadata(event.metadata);
  if (!stored) return undefined;
  const commit = event.position?.commit ?? fallbackPosition;
  if (commit === undefined) {
    throw new Error('EventStoreDB 22.6 or later is needed: this server reports no log position for stream reads');
  }
  return {
    event: {
      id: event.id,
      streamId: event.streamId,
      revision: toSafeNumber(event.revision, 'revision'),
      position: toSafeNumber(commit, 'log position'),
      type: event.type,
      data: event.data,
      metadata: stored.metadata,
      recordedAt: event.created.toISOString(),
    },
    hash: stored.hash,
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|#\s-]/g, '\\$&');
}

function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} is out of range`);
  return Number(value);
}
