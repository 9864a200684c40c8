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
import { createHash } from 'node:crypto';
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
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { canonicalJson } from '../canonical-json.js';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AppendResult,
  EventMetadata,
  ExpectedRevision,
  IntegrityFailure,
  LogFilter,
  RecordedEvent,
} from '../event-store.port.js';
import { GENESIS_HASH } from '../hash-chain.js';
import type { PreparedEvent } from '../event-store.validation.js';
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
  const found = ids.map((id) => byId.get(id));
  if (found.every((event) => event === undefined)) return undefined;
  const first = found[0];
  const sameOrder =
    first !== undefined && found.every((event, index) => event !== undefined && event.revision === first.revision + index);
  if (!sameOrder) {
    return new IdempotencyViolationError(`stream ${streamId}: some event ids of this append are already stored, in another order`);
  }
  const last = found[found.length - 1] as RecordedEvent;
  return { nextExpectedRevision: last.revision, position: last.position };
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

/** The last link of a stream: its revision (-1 before the first event) and chain hash. */
export interface StreamLink {
  readonly revision: number;
  readonly hash: string;
}

/** Where every stream's chain starts. */
export const STREAM_START: StreamLink = { revision: -1, hash: GENESIS_HASH };

/**
 * The client's event data for a prepared event that follows `previous` in its stream: the id
 * passes through (idempotent appends); the hash chains it to its predecessor in the stream.
 */
export function toEventData(streamId: string, event: PreparedEvent, previous: StreamLink = STREAM_START): EventData {
  const { correlationId, causationId, ...rest } = JSON.parse(event.metadataJson) as EventMetadata & Record<string, unknown>;
  const metadata: StoredMetadata = {
    ...rest,
    $correlationId: correlationId,
    $causationId: causationId,
    hash: streamLinkHash(previous.hash, {
      id: event.id,
      streamId,
      revision: previous.revision + 1,
      type: event.type,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
    }),
  };
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client serialises this with JSON.stringify; any JSON value round-trips.
    data: JSON.parse(event.dataJson) as JSONType,
    metadata: metadata as unknown as JSONType,
  };
}

/** The event data of one append, each event chained to the one before it, the first to `previous`. */
export function toChainedEventData(streamId: string, events: readonly PreparedEvent[], previous: StreamLink): EventData[] {
  let link = previous;
  return events.map((event) => {
    const data = toEventData(streamId, event, link);
    link = { revision: link.revision + 1, hash: (data.metadata as unknown as StoredMetadata).hash };
    return data;
  });
}

/**
 * How to append so that the chain holds: the writer must know the stream's last link, so the
 * append is pinned to the revision it read (`any` and `exists` become that revision; a
 * conflict then means another writer came first, and the caller reads again). An exact
 * expectation stays as it is: if it does not match, the server refuses the append anyway.
 */
export function chainedAppend(
  expected: ExpectedRevision,
  last: StreamLink | undefined,
): { readonly expectedRevision: AppendExpectedRevision; readonly previous: StreamLink } {
  switch (expected) {
    case 'no_stream':
      return { expectedRevision: NO_STREAM, previous: STREAM_START };
    case 'any':
    case 'exists':
      if (last === undefined) return { expectedRevision: expected === 'any' ? NO_STREAM : STREAM_EXISTS, previous: STREAM_START };
      return { expectedRevision: BigInt(last.revision), previous: last };
    default:
      return {
        expectedRevision: BigInt(expected),
        previous: last !== undefined && last.revision === expected ? last : { revision: expected, hash: GENESIS_HASH },
      };
  }
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

/**
 * The chain hash of one event: sha256 over its predecessor's hash IN ITS STREAM (revision - 1;
 * genesis for revision 0) followed by the canonical envelope the writer knows before the
 * server assigns a position and a time: data, id, metadata, revision, stream, type. A global
 * chain is not possible here: EventStoreDB assigns positions itself and writers on several
 * machines do not know the log's previous event; the stream's, they do (they pin its revision).
 */
export function streamLinkHash(
  previousHash: string,
  event: {
    readonly id: string;
    readonly streamId: string;
    readonly revision: number;
    readonly type: string;
    readonly dataJson: string;
    readonly metadataJson: string;
  },
): string {
  const envelope =
    `{"data":${event.dataJson},"id":${JSON.stringify(event.id)},"metadata":${event.metadataJson}` +
    `,"revision":${event.revision},"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  return createHash('sha256').update(previousHash + envelope).digest('hex');
}

/**
 * Verifies the events of ours in $all order, each against its predecessor in its stream: a
 * revision that does not follow the stream's last one is `missing` (an event or the start of
 * the stream was removed), a hash that does not match is `altered`. A walk that starts in the
 * middle of $all seeds each stream with its link before the start.
 */
export class StreamChains {
  private readonly lastOf = new Map<string, StreamLink>();

  /** Whether the chain of this stream has been followed (or seeded) so far. */
  knows(streamId: string): boolean {
    return this.lastOf.has(streamId);
  }

  /** Takes a link as trusted without checking it: a walk that starts after the stream's start. */
  seed(streamId: string, link: StreamLink): void {
    this.lastOf.set(streamId, link);
  }

  check(event: RecordedEvent, hash: string | undefined): IntegrityFailure | undefined {
    const previous = this.lastOf.get(event.streamId) ?? STREAM_START;
    if (event.revision !== previous.revision + 1) return 'missing';
    if (hash === undefined || !linkMatches(previous.hash, event, hash)) return 'altered';
    this.lastOf.set(event.streamId, { revision: event.revision, hash });
    return undefined;
  }
}

function linkMatches(previousHash: string, event: RecordedEvent, hash: string): boolean {
  try {
    const expected = streamLinkHash(previousHash, {
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
    });
    return expected === hash;
  } catch {
    return false;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|#\s-]/g, '\\$&');
}

function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} is out of range`);
  return Number(value);
}
