/**
 * The write side's streams: loads a stream by folding its events, and appends what a decision
 * produced at the revision it was made at.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  type Decider,
  type DomainEvent,
  DomainError,
  EVENT_SCHEMA_VERSIONS,
  toDomainEvent,
} from '@app/domain';
import {
  EVENT_STORE,
  type EventStore,
  type LogFilter,
  type NewEvent,
  WrongExpectedRevisionError,
} from '@app/event-store';
import type { CommandAccepted } from './command-accepted.js';
import { type CommandOrigin, isKeyedCommandId } from './command-origin.js';
import { KeyedMutex } from './keyed-mutex.js';

/** The fold of one stream as far as it was read. */
export interface LoadedStream<S> {
  readonly state: S;
  /** Revision of the last event folded; -1 when the stream does not exist. */
  readonly revision: number;
  /** Global position of the last event folded; 0 when the stream does not exist. */
  readonly position: number;
  /**
   * The latest commands sent with an `Idempotency-Key` that wrote to the stream (at most
   * KEYED_COMMANDS_KEPT), by command id, with what they wrote: a retry of one whose answer was
   * lost gets that answer instead of running again.
   */
  readonly keyedCommands: ReadonlyMap<string, CommandAccepted>;
}

type Fold<S, E> = Pick<Decider<never, E, S>, 'initialState' | 'evolve'>;

/** How often a command is decided again after another writer moved its stream first. */
export const MAX_ATTEMPTS = 5;
/** Keyed commands remembered per stream: a lost answer is retried soon after, or not at all. */
const KEYED_COMMANDS_KEPT = 32;
/** Streams whose fold is kept in memory, least recently used first out. */
const CACHED_STREAMS = 10_000;

/**
 * Loads streams by folding their events, and appends the events a decision produces with
 * the expected revision it was made at.
 *
 * Folds are cached: the log is append-only, so a cached fold stays true and only the events
 * after its revision need reading. Another process appending to the same stream is caught
 * by the expected-revision check, and the retry reads what it wrote.
 */
@Injectable()
export class EventStreams implements OnApplicationShutdown {
  /** Commands on one stream take turns in this process instead of racing to a conflict. */
  private readonly writers = new KeyedMutex();
  private readonly folds = new LRUCache<
    string,
    { readonly fold: Fold<unknown, never>; readonly stream: LoadedStream<unknown> }
  >({ max: CACHED_STREAMS });

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Lets the commands already accepted finish before the store closes (Nest shuts the global
   * event-store module down after this one), even when their clients have gone away.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.writers.idle();
  }

  /** The domain events of the whole log that match `filter` (types, a stream prefix), in log order. */
  async find(filter: LogFilter): Promise<DomainEvent[]> {
    return (await this.store.readAll(filter)).map(toDomainEvent);
  }

  async load<S, E extends DomainEvent>(streamId: string, decider: Fold<S, E>): Promise<LoadedStream<S>> {
    const cached = this.cachedFold(streamId, decider);
    let { state, revision, position, keyedCommands } = cached ?? {
      state: decider.initialState(),
      revision: -1,
      position: 0,
      keyedCommands: new Map<string, CommandAccepted>(),
    };
    const recorded = await this.store.readStream(streamId, { fromRevision: revision + 1 });
    for (const event of recorded) {
      state = decider.evolve(state, toDomainEvent(event) as E);
      revision = event.revision;
      position = event.position;
      keyedCommands = withKeyedCommand(keyedCommands, event.metadata.causationId, event.position, [
        event.type,
      ]);
    }
    const loaded = { state, revision, position, keyedCommands };
    if (recorded.length > 0 || cached === undefined) this.remember(streamId, decider, loaded);
    return loaded;
  }

  /**
   * Runs `decide` on the stream's current state and appends its events at that revision. When
   * another process's writer got there first, the stream is read again and the command decided
   * again (its context too: `decide` may read other streams), up to MAX_ATTEMPTS times; then
   * WrongExpectedRevisionError reaches the client as 409 CONFLICT.
   */
  async decideAndAppend<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason?: string,
  ): Promise<CommandAccepted> {
    return this.writers.run(streamId, () =>
      this.decideAndAppendInTurn(streamId, decider, decide, origin, reason),
    );
  }

  private async decideAndAppendInTurn<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason: string | undefined,
  ): Promise<CommandAccepted> {
    // The first attempt decides on the cached fold without reading: the expected revision
    // guards the append. Only a refusal is checked against the stream as stored, in case
    // another process wrote to it since.
    let cached = this.cachedFold(streamId, decider);
    for (let attempt = 1; ; attempt++) {
      const stream = cached ?? (await this.load(streamId, decider));
      // This command wrote here already (its answer was lost): the same answer, nothing new.
      const written = stream.keyedCommands.get(origin.causationId);
      if (written !== undefined) return written;
      let events: readonly E[];
      try {
        events = await decide(stream.state);
      } catch (error) {
        if (cached === undefined || !(error instanceof DomainError)) throw error;
        cached = undefined;
        continue;
      }
      if (events.length === 0) {
        if (cached === undefined) return { position: stream.position, events: [] };
        cached = undefined;
        continue;
      }
      cached = undefined;
      try {
        const result = await this.store.append(
          streamId,
          events.map((event) => this.toNewEvent(event, origin, reason)),
          { expectedRevision: stream.revision === -1 ? 'no_stream' : stream.revision },
        );
        // The events just written extend the fold without reading them back.
        const types = events.map((event) => event.type);
        this.remember(streamId, decider, {
          state: events.reduce((state, event) => decider.evolve(state, event), stream.state),
          revision: result.nextExpectedRevision,
          position: result.position,
          keyedCommands: withKeyedCommand(stream.keyedCommands, origin.causationId, result.position, types),
        });
        return { position: result.position, events: types };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private toNewEvent(event: DomainEvent, origin: CommandOrigin, reason: string | undefined): NewEvent {
    return {
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: origin.actor,
        correlationId: origin.correlationId,
        causationId: origin.causationId,
        ...(reason !== undefined ? { reason } : {}),
        schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
      },
    };
  }

  private cachedFold<S, E>(streamId: string, decider: Fold<S, E>): LoadedStream<S> | undefined {
    // Reading it makes the stream the most recently used.
    const entry = this.folds.get(streamId);
    // A stream is only ever folded by its own decider; anything else is not this fold.
    if (entry === undefined || entry.fold !== (decider as Fold<unknown, never>)) return undefined;
    return entry.stream as LoadedStream<S>;
  }

  private remember<S, E>(streamId: string, decider: Fold<S, E>, stream: LoadedStream<S>): void {
    const current = this.folds.peek(streamId);
    // Concurrent loads may finish out of order; an older fold never replaces a newer one.
    if (
      current !== undefined &&
      current.fold === (decider as Fold<unknown, never>) &&
      current.stream.revision > stream.revision
    )
      return;
    this.folds.set(streamId, { fold: decider as Fold<unknown, never>, stream });
  }
}

/**
 * `commands` with what a keyed command wrote added to it (its events are consecutive in a
 * stream: a command appends to a stream once), the oldest dropped beyond KEYED_COMMANDS_KEPT;
 * `commands` itself when the command is not keyed.
 */
function withKeyedCommand(
  commands: ReadonlyMap<string, CommandAccepted>,
  commandId: string,
  position: number,
  types: readonly string[],
): ReadonlyMap<string, CommandAccepted> {
  if (!isKeyedCommandId(commandId)) return commands;
  const next = new Map(commands);
  const earlier = next.get(commandId);
  next.delete(commandId);
  next.set(commandId, { position, events: [...(earlier?.events ?? []), ...types] });
  if (next.size > KEYED_COMMANDS_KEPT) next.delete(next.keys().next().value as string);
  return next;
}
