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
import { type PendingAppend, PendingAppends, sameEnd, type StreamEnd } from './pending-appends.js';

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

/** A stream's durable fold as cached, with the id of its last event (pipelined appends name it). */
interface DurableFold {
  readonly fold: Fold<unknown, never>;
  readonly stream: LoadedStream<unknown>;
  readonly lastEventId: string | undefined;
}

/** What a command was decided on when the store pipelines appends. */
interface Tip<S> {
  readonly durable: LoadedStream<S> & StreamEnd;
  /** How the durable fold was had: from the cache (may lag other writers) or read just now. */
  readonly from: 'cache' | 'store';
  /** The appends not yet durable that the command was decided on top of, oldest first. */
  readonly pending: readonly PendingAppend<S>[];
}

/** How a command's turn on its stream ended, when the store pipelines appends. */
type Turn =
  | { readonly kind: 'answered'; readonly accepted: CommandAccepted }
  | { readonly kind: 'appended'; readonly append: PendingAppend }
  /** A refusal, or nothing to do, decided on appends not yet durable: it holds if `on` is written. */
  | { readonly kind: 'unsettled'; readonly on: PendingAppend; readonly refusal?: DomainError }
  /**
   * Decided on what may not hold (a refusal on a cached fold, anything on an append that failed
   * meanwhile), or the same keyed command is pending: decide again on the stream as stored,
   * once `after` settled.
   */
  | { readonly kind: 'again'; readonly after?: PendingAppend };

/**
 * Loads streams by folding their events, and appends the events a decision produces with
 * the expected revision it was made at.
 *
 * Folds are cached: the log is append-only, so a cached fold stays true and only the events
 * after its revision need reading. Another process appending to the same stream is caught
 * by the expected-revision check, and the retry reads what it wrote.
 *
 * When the store pipelines appends (`pipelinesAppends`), a stream's next command is decided
 * on its state including the appends still waiting for their commit, and handed to the store
 * at once, so that one group commit carries several commands of one stream; each command is
 * answered once its own append is durable. The store refuses an append whose base (revision
 * and last event id) did not happen, so nothing is written on a state that did not happen;
 * the refused command is decided again. `load` only ever returns durable state.
 */
@Injectable()
export class EventStreams implements OnApplicationShutdown {
  /** Commands on one stream take turns in this process instead of racing to a conflict. */
  private readonly writers = new KeyedMutex();
  private readonly folds = new LRUCache<string, DurableFold>({ max: CACHED_STREAMS });
  /** Appends handed to a pipelining store, not yet settled; never part of a durable fold. */
  private readonly pending = new PendingAppends();
  /** Keyed commands running, by stream and command id: a retry waits for the original. */
  private readonly keyedRunning = new Map<string, Promise<CommandAccepted>>();
  /** Every command accepted and not yet answered. */
  private readonly running = new Set<Promise<CommandAccepted>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Lets the commands already accepted finish before the store closes (Nest shuts the global
   * event-store module down after this one), even when their clients have gone away.
   */
  async onApplicationShutdown(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await this.writers.idle();
  }

  /** The domain events of the whole log that match `filter` (types, a stream prefix), in log order. */
  async find(filter: LogFilter): Promise<DomainEvent[]> {
    return (await this.store.readAll(filter)).map(toDomainEvent);
  }

  /** The stream's durable state: never an append of this process still waiting for its commit. */
  async load<S, E extends DomainEvent>(streamId: string, decider: Fold<S, E>): Promise<LoadedStream<S>> {
    return (await this.loadDurable(streamId, decider)).stream;
  }

  /**
   * Runs `decide` on the stream's current state and appends its events at that revision. When
   * another process's writer got there first, the stream is read again and the command decided
   * again (its context too: `decide` may read other streams), up to MAX_ATTEMPTS times; then
   * WrongExpectedRevisionError reaches the client as 409 CONFLICT.
   */
  decideAndAppend<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason?: string,
  ): Promise<CommandAccepted> {
    const command =
      this.store.pipelinesAppends === true
        ? this.decideAndAppendOnce(streamId, decider, decide, origin, reason)
        : this.writers.run(streamId, () => this.decideAndAppendInTurn(streamId, decider, decide, origin, reason));
    this.running.add(command);
    const forget = () => this.running.delete(command);
    command.then(forget, forget);
    return command;
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
    let cached = this.cachedFold(streamId, decider)?.stream;
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
        const newEvents = events.map((event) => this.toNewEvent(event, origin, reason));
        const result = await this.store.append(streamId, newEvents, {
          expectedRevision: stream.revision === -1 ? 'no_stream' : stream.revision,
        });
        // The events just written extend the fold without reading them back.
        const types = events.map((event) => event.type);
        this.remember(streamId, decider, {
          state: events.reduce((state, event) => decider.evolve(state, event), stream.state),
          revision: result.nextExpectedRevision,
          position: result.position,
          keyedCommands: withKeyedCommand(stream.keyedCommands, origin.causationId, result.position, types),
          lastEventId: newEvents.at(-1)!.id,
        });
        return { position: result.position, events: types };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A keyed command runs once at a time: a retry sent while the original runs (its append
   * perhaps still waiting for its commit) waits for the original's answer, and runs itself
   * only when the original wrote nothing.
   */
  private async decideAndAppendOnce<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason: string | undefined,
  ): Promise<CommandAccepted> {
    if (!isKeyedCommandId(origin.causationId))
      return this.decideAndAppendPipelined(streamId, decider, decide, origin, reason);
    const key = `${streamId}\n${origin.causationId}`;
    for (let original = this.keyedRunning.get(key); original !== undefined; original = this.keyedRunning.get(key)) {
      try {
        return await original;
      } catch {
        // The original was refused or failed, writing nothing: this one is decided afresh.
      }
    }
    const command = this.decideAndAppendPipelined(streamId, decider, decide, origin, reason);
    this.keyedRunning.set(key, command);
    try {
      return await command;
    } finally {
      if (this.keyedRunning.get(key) === command) this.keyedRunning.delete(key);
    }
  }

  /**
   * Decides in the stream's turn, on its state including the appends still waiting for their
   * commit, hands the append to the store and gives the turn to the next command at once; then
   * waits for this append's own commit. Whatever was decided on a state that did not happen
   * (an append under it failed or was refused) is decided again, at most MAX_ATTEMPTS times.
   */
  private async decideAndAppendPipelined<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason: string | undefined,
  ): Promise<CommandAccepted> {
    let fromStore = false;
    for (let attempt = 1; ; attempt++) {
      const turn = await this.writers.run(streamId, () =>
        this.decideOnTip(streamId, decider, decide, origin, reason, fromStore),
      );
      fromStore = true;
      if (turn.kind === 'answered') return turn.accepted;
      if (turn.kind === 'appended') {
        try {
          const result = await turn.append.settled;
          return { position: result.position, events: [...turn.append.types] };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
          continue;
        }
      }
      const on = turn.kind === 'unsettled' ? turn.on : turn.after;
      if (on === undefined) continue; // refused on the cached fold: only on the first attempt
      const written = await on.settled.then(
        (result) => result,
        () => undefined,
      );
      // Decided on appends not yet durable: the refusal (or nothing to do) holds if they are written.
      if (written !== undefined && turn.kind === 'unsettled') {
        if (turn.refusal !== undefined) throw turn.refusal;
        return { position: written.position, events: [] };
      }
      if (attempt >= MAX_ATTEMPTS) throw new WrongExpectedRevisionError(streamId, on.end.revision, on.base.revision);
    }
  }

  private async decideOnTip<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    decide: (state: S) => readonly E[] | Promise<readonly E[]>,
    origin: CommandOrigin,
    reason: string | undefined,
    fromStore: boolean,
  ): Promise<Turn> {
    const { durable, from, pending } = await this.tipOf(streamId, decider, fromStore);
    const top = pending.at(-1);
    // This command wrote here already (its answer was lost): the same answer, nothing new.
    const written = durable.keyedCommands.get(origin.causationId);
    if (written !== undefined) return { kind: 'answered', accepted: written };
    const mine = isKeyedCommandId(origin.causationId)
      ? pending.find((append) => append.commandId === origin.causationId)
      : undefined;
    if (mine?.result !== undefined)
      return { kind: 'answered', accepted: { position: mine.result.position, events: [...mine.types] } };
    if (mine !== undefined) return { kind: 'again', after: mine };

    const state = top?.state ?? durable.state;
    let events: readonly E[];
    try {
      events = await decide(state);
    } catch (error) {
      if (!(error instanceof DomainError) || (from === 'store' && top === undefined)) throw error;
      return top === undefined ? { kind: 'again' } : { kind: 'unsettled', on: top, refusal: error };
    }
    // An append under this decision failed while it was made: it was made on what did not happen.
    if (top?.doomed === true) return { kind: 'again', after: top };
    if (events.length === 0) {
      if (top !== undefined) return { kind: 'unsettled', on: top };
      if (from === 'cache') return { kind: 'again' };
      return { kind: 'answered', accepted: { position: durable.position, events: [] } };
    }

    const base: StreamEnd = top?.end ?? durable;
    const newEvents = events.map((event) => this.toNewEvent(event, origin, reason));
    const settled = this.store.append(streamId, newEvents, {
      expectedRevision: base.revision === -1 ? 'no_stream' : base.revision,
      ...(base.lastEventId === undefined ? {} : { expectedLastEventId: base.lastEventId }),
    });
    const append: PendingAppend<S> = {
      fold: decider,
      base: { revision: base.revision, lastEventId: base.lastEventId },
      end: { revision: base.revision + newEvents.length, lastEventId: newEvents.at(-1)!.id },
      state: events.reduce((folded, event) => decider.evolve(folded, event), state),
      commandId: origin.causationId,
      types: events.map((event) => event.type),
      settled,
    };
    this.pending.push(streamId, append);
    settled.then(
      (result) => {
        append.result = result;
        this.advance(streamId);
      },
      () => this.pending.drop(streamId, append),
    );
    return { kind: 'appended', append };
  }

  /**
   * The durable fold to decide on and the pending appends on top of it. The first attempt
   * takes the cached fold without reading (the store's checks guard the append); a later one,
   * or a stream not cached, reads the store.
   */
  private async tipOf<S, E extends DomainEvent>(streamId: string, decider: Fold<S, E>, fromStore: boolean): Promise<Tip<S>> {
    const cached = fromStore ? undefined : this.cachedFold(streamId, decider);
    const durable = cached ?? (await this.loadDurable(streamId, decider));
    const end = { revision: durable.stream.revision, lastEventId: durable.lastEventId };
    const chain = this.pending.onTopOf(streamId, end);
    // Another decider's states are not this fold's (a stream is only ever folded by its own).
    const pending = chain.every((append) => append.fold === decider) ? (chain as readonly PendingAppend<S>[]) : [];
    return { durable: { ...durable.stream, ...end }, from: cached === undefined ? 'store' : 'cache', pending };
  }

  /**
   * Extends the durable fold with the appends that were written, in chain order, as long as
   * each continues the cached fold (if the fold was dropped or read further meanwhile, the
   * next load reads the store).
   */
  private advance(streamId: string): void {
    for (const written of this.pending.takeWritten(streamId)) {
      const current = this.folds.peek(streamId);
      if (
        current === undefined ||
        current.fold !== written.fold ||
        !sameEnd({ revision: current.stream.revision, lastEventId: current.lastEventId }, written.base)
      )
        continue;
      const result = written.result!;
      this.folds.set(streamId, {
        fold: current.fold,
        lastEventId: written.end.lastEventId,
        stream: {
          state: written.state,
          revision: result.nextExpectedRevision,
          position: result.position,
          keyedCommands: withKeyedCommand(
            current.stream.keyedCommands,
            written.commandId,
            result.position,
            written.types,
          ),
        },
      });
    }
  }

  private async loadDurable<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
  ): Promise<{ readonly stream: LoadedStream<S>; readonly lastEventId: string | undefined }> {
    const cached = this.cachedFold(streamId, decider);
    let { state, revision, position, keyedCommands } = cached?.stream ?? {
      state: decider.initialState(),
      revision: -1,
      position: 0,
      keyedCommands: new Map<string, CommandAccepted>(),
    };
    let lastEventId = cached?.lastEventId;
    const recorded = await this.store.readStream(streamId, { fromRevision: revision + 1 });
    for (const event of recorded) {
      state = decider.evolve(state, toDomainEvent(event) as E);
      revision = event.revision;
      position = event.position;
      lastEventId = event.id;
      keyedCommands = withKeyedCommand(keyedCommands, event.metadata.causationId, event.position, [
        event.type,
      ]);
    }
    const loaded = { state, revision, position, keyedCommands };
    if (recorded.length > 0 || cached === undefined)
      this.remember(streamId, decider, { ...loaded, lastEventId });
    return { stream: loaded, lastEventId };
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

  private cachedFold<S, E>(
    streamId: string,
    decider: Fold<S, E>,
  ): { readonly stream: LoadedStream<S>; readonly lastEventId: string | undefined } | undefined {
    // Reading it makes the stream the most recently used.
    const entry = this.folds.get(streamId);
    // A stream is only ever folded by its own decider; anything else is not this fold.
    if (entry === undefined || entry.fold !== (decider as Fold<unknown, never>)) return undefined;
    return entry as { readonly stream: LoadedStream<S>; readonly lastEventId: string | undefined };
  }

  private remember<S, E>(
    streamId: string,
    decider: Fold<S, E>,
    { lastEventId, ...stream }: LoadedStream<S> & { readonly lastEventId: string | undefined },
  ): void {
    const current = this.folds.peek(streamId);
    // Concurrent loads may finish out of order; an older fold never replaces a newer one.
    if (
      current !== undefined &&
      current.fold === (decider as Fold<unknown, never>) &&
      current.stream.revision > stream.revision
    )
      return;
    this.folds.set(streamId, { fold: decider as Fold<unknown, never>, stream, lastEventId });
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
