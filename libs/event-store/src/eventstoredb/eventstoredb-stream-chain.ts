/**
 * The hash chain of the EventStoreDB adapter, which is per stream: each event's hash links it
 * to its predecessor in its stream, written in its metadata (the client's EventData) and
 * checked back on the integrity walk.
 */
import { createHash } from 'node:crypto';
import {
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
} from '@eventstore/db-client';
import { canonicalJson } from '../canonical-json.js';
import type {
  EventMetadata,
  ExpectedRevision,
  IntegrityFailure,
  RecordedEvent,
} from '../event-store.port.js';
import type { PreparedEvent } from '../event-store.validation.js';
import { GENESIS_HASH } from '../hash-chain.js';
import type { StoredMetadata } from './eventstoredb-mapping.js';

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
export function toEventData(
  streamId: string,
  event: PreparedEvent,
  previous: StreamLink = STREAM_START,
): EventData {
  const { correlationId, causationId, ...rest } = JSON.parse(event.metadataJson) as EventMetadata &
    Record<string, unknown>;
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
export function toChainedEventData(
  streamId: string,
  events: readonly PreparedEvent[],
  previous: StreamLink,
): EventData[] {
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
      if (last === undefined)
        return { expectedRevision: expected === 'any' ? NO_STREAM : STREAM_EXISTS, previous: STREAM_START };
      return { expectedRevision: BigInt(last.revision), previous: last };
    default:
      return {
        expectedRevision: BigInt(expected),
        previous:
          last !== undefined && last.revision === expected
            ? last
            : { revision: expected, hash: GENESIS_HASH },
      };
  }
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
  return createHash('sha256')
    .update(previousHash + envelope)
    .digest('hex');
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
