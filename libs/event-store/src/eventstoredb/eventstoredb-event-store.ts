/**
 * The event store on EventStoreDB / KurrentDB: a thin adapter on @eventstore/db-client. The
 * server already is an event store, so most of the port maps one to one (see
 * eventstoredb-mapping.ts for revisions, positions, filters and metadata); what differs:
 *
 * - Idempotency is mostly the server's: event ids pass through, and the server answers a
 *   repeated append whose expectation still holds with its original result. A retry whose
 *   expectation went stale comes back as a conflict; the adapter then looks for the ids in the
 *   stream and answers the original result (or IdempotencyViolationError), as the port asks.
 *   Limits: a partial repeat that the server accepts (its expectation holds, or `any`) is
 *   written, and an id may recur in another stream: EventStoreDB keeps no global id index.
 * - readAll filters on the client: the client's `readAll` has no server-side filter (its
 *   request is sent with `noFilter`). Subscriptions filter on the server.
 * - recordedAt is the server's clock (`created`); the `now` of the SQL adapters has no say here.
 * - The hash chain is per stream (eventstoredb-stream-chain.ts: streamLinkHash): each event's hash,
 *   written into its metadata, covers its predecessor's in the stream. To know that
 *   predecessor the writer reads the stream's last event and pins the append to its revision;
 *   an append expecting `any` or `exists` that loses that race reads again and retries
 *   (a bounded number of times). verifyIntegrity walks $all and checks each stream's chain:
 *   an altered event, or an event removed from a stream's start or middle, is detected; what
 *   is not (a stream's tail removed after the last signed head, a whole stream removed, the
 *   order across streams) is listed in the README's notes on signed heads.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type StreamingRead,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  ChainLinkAt,
  ChainWalk,
  EventStore,
  IntegrityFailure,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyIntegrityOptions,
} from '../event-store.port.js';
import { GENESIS_HASH } from '../hash-chain.js';
import { assertReadAllOptions, assertReadStreamOptions, assertStreamId, prepareAppend } from '../event-store.validation.js';
import { DEFAULT_SUBSCRIPTION_BATCH_SIZE } from '../log-subscription.js';
import { IdempotencyViolationError } from '../event-store.errors.js';
import {
  findRepeatedAppend,
  fromClientEvent,
  fromClientPosition,
  matchesFilter,
  toClientFilter,
  toClientPosition,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping.js';
import {
  chainedAppend,
  StreamChains,
  toChainedEventData,
  type StreamLink,
} from './eventstoredb-stream-chain.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `kurrentdb://...`; ignored when `client` is given. */
  readonly connectionString?: string;
  /** A client owned by the caller; close() leaves it open. */
  readonly client?: EventStoreDBClient;
}

/** Appends expecting `any` or `exists` that lost the race for the stream's last link this often fail. */
const MAX_CHAIN_RETRIES = 20;

export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly ownsClient: boolean,
  ) {}

  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    if (!options.client && !options.connectionString) {
      throw new Error('EventStoreDbEventStore needs a connectionString or a client');
    }
    const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString as string);
    const store = new EventStoreDbEventStore(client, !options.client);
    // The client connects lazily; fail at start-up, not on the first request.
    try {
      await store.headPosition();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    if (options?.expectedLastEventId !== undefined) {
      // The server checks the expected revision alone; a separate read of the last id could not
      // be atomic with the write.
      throw new RangeError('the EventStoreDB store does not pipeline appends: expectedLastEventId is not supported');
    }
    const prepared = prepareAppend(streamId, events, options);
    let result: ClientAppendResult;
    for (let attempt = 1; ; attempt++) {
      const { expectedRevision, previous } = chainedAppend(options.expectedRevision, await this.lastLink(streamId));
      try {
        result = await this.client.appendToStream(streamId, toChainedEventData(streamId, prepared, previous), {
          expectedRevision,
        });
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // The server only recognises a retry whose expectation still holds; ours is recognised
        // whatever it expects (the port's rule), at the price of reading the stream on a conflict.
        const stream = await this.readStream(streamId);
        const repeated = findRepeatedAppend(streamId, prepared.map((event) => event.id), stream);
        if (repeated instanceof IdempotencyViolationError) throw repeated;
        if (repeated) return repeated;
        const pinnedByUs = options.expectedRevision === 'any' || (options.expectedRevision === 'exists' && stream.length > 0);
        if (!pinnedByUs || attempt >= MAX_CHAIN_RETRIES) {
          throw toWrongExpectedRevisionError(streamId, options.expectedRevision, error);
        }
      }
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // An idempotent repeat may come back without a position: the event itself has it.
    const position = result.position
      ? fromClientPosition(result.position)
      : (await this.readStream(streamId, { fromRevision: nextExpectedRevision, maxCount: 1 }))[0]?.position;
    if (position === undefined) throw new Error(`stream ${streamId}: appended revision ${nextExpectedRevision} cannot be read back`);
    return { nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamId(streamId);
    assertReadStreamOptions(options);
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const mapped = resolved.event && fromClientEvent(resolved.event, resolved.commitPosition);
        if (mapped) events.push(mapped.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions(options);
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount === 0) return events;
    await this.scanAll(options.after ?? 0, (event) => {
      if (matchesFilter(event, options)) events.push(event);
      return events.length < maxCount;
    });
    return events;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    // Backwards from the end, skipping EventStoreDB's own events, to the last event of ours.
    const last = await firstOfOurs(read, () => true);
    return last?.position ?? 0;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    assertReadAllOptions({ after: options.after, types: options.types, streamPrefix: options.streamPrefix });
    const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, not ${String(options.batchSize)}`);
    }
    const filter = { types: options.types, streamPrefix: options.streamPrefix };
    const source = this.client.subscribeToAll({
      fromPosition: toClientPosition(options.after),
      filter: toClientFilter(filter),
    });
    const subscription = new EventStoreDbSubscription(source, options.after, filter, batchSize, handler);
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /**
   * Walks $all and checks each stream's chain. With `from` (the last signed head) the walk
   * starts at that event, which must still carry its hash, and seeds each stream met later
   * with its link before the start (one stream read per stream), so the signer's check costs
   * the new events, not the whole log.
   */
  async verifyIntegrity(options: VerifyIntegrityOptions = {}): Promise<ChainWalk> {
    this.assertOpen();
    const keep = new Set(options.keep ?? []);
    const from = options.from !== undefined && options.from.position > 0 ? options.from : undefined;
    const chains = new StreamChains();
    const links = new Map<number, ChainLinkAt>();
    let head: ChainLinkAt | undefined;
    let checked = 0;
    let broken: { brokenAt: number; reason: IntegrityFailure } | undefined;
    let fromSeen = from === undefined;
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: from ? toClientPosition(from.position) : START });
    try {
      for await (const resolved of read) {
        const mapped = resolved.event && fromClientEvent(resolved.event);
        if (!mapped) continue;
        const { event, hash } = mapped;
        if (options.through !== undefined && event.position > options.through) break;
        if (!fromSeen && from !== undefined) {
          fromSeen = true;
          if (event.position !== from.position) broken = { brokenAt: from.position, reason: 'missing' };
          else if (hash !== from.hash) broken = { brokenAt: from.position, reason: 'head-mismatch' };
          if (broken) break;
          chains.seed(event.streamId, { revision: event.revision, hash: from.hash });
          head = { position: event.position, hash: from.hash, recordedAt: event.recordedAt };
          if (keep.has(event.position)) links.set(event.position, head);
          continue;
        }
        if (from !== undefined && event.revision > 0 && !chains.knows(event.streamId)) {
          const before = await this.linkAt(event.streamId, event.revision - 1);
          // A predecessor that is gone is left unseeded: the check then reports it missing.
          if (before !== undefined) chains.seed(event.streamId, before);
        }
        const failure = chains.check(event, hash);
        if (failure !== undefined) {
          broken = { brokenAt: event.position, reason: failure };
          break;
        }
        head = { position: event.position, hash: hash as string, recordedAt: event.recordedAt };
        if (keep.has(event.position)) links.set(event.position, head);
        checked++;
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    if (broken === undefined && !fromSeen && from !== undefined) broken = { brokenAt: from.position, reason: 'truncated' };
    const reached = head ? { position: head.position, hash: head.hash } : { position: 0, hash: GENESIS_HASH };
    if (broken !== undefined) return { ok: false, checked, ...broken, head: reached, links };
    if (head) links.set(head.position, head);
    return { ok: true, checked, head: reached, links };
  }

  /** The link of a stream's event at `revision`, undefined when it is not there (or not ours). */
  private async linkAt(streamId: string, revision: number): Promise<StreamLink | undefined> {
    const read = this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 });
    try {
      for await (const resolved of read) {
        const mapped = resolved.event && fromClientEvent(resolved.event, resolved.commitPosition);
        if (mapped?.hash !== undefined && mapped.event.revision === revision) return { revision, hash: mapped.hash };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  /** The last link of a stream of ours, undefined when it has no event. */
  private async lastLink(streamId: string): Promise<StreamLink | undefined> {
    const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    try {
      for await (const resolved of read) {
        const mapped = resolved.event && fromClientEvent(resolved.event, resolved.commitPosition);
        if (mapped?.hash !== undefined) return { revision: mapped.event.revision, hash: mapped.hash };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  /** Reads $all forwards after `after`, handing each event of ours to `visit` until it answers false. */
  private async scanAll(after: number, visit: (event: RecordedEvent, hash: string | undefined) => boolean): Promise<void> {
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: toClientPosition(after) });
    await firstOfOurs(read, (event, hash) => event.position > after && !visit(event, hash));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the EventStoreDB event store is closed');
  }
}

/**
 * Reads until `stop` answers true for an event of ours and returns that event (undefined at the
 * end), cancelling the rest of the read on the server.
 */
async function firstOfOurs(
  read: StreamingRead<AllStreamResolvedEvent>,
  stop: (event: RecordedEvent, hash: string | undefined) => boolean,
): Promise<RecordedEvent | undefined> {
  try {
    for await (const resolved of read) {
      const mapped = resolved.event && fromClientEvent(resolved.event);
      if (mapped && stop(mapped.event, mapped.hash)) return mapped.event;
    }
    return undefined;
  } finally {
    await read.cancel().catch(() => undefined);
  }
}
