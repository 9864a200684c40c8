/**
 * The write side's streams: loads a stream by folding its events, and appends what a decision
 * produced at the revision it was made at.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type DomainEvent, DomainError, EVENT_SCHEMA_VERSIONS, toDomainEvent } from '@app/domain';
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
import { type PendingAppend, PendingAppends, type StreamEnd } from './pending-appends.js';
import { type Fold, type LoadedStream, StreamFolds, withKeyedCommand } from './stream-folds.js';

/** How often a command is decided again after another writer moved its stream first. */
export const MAX_ATTEMPTS = 5;

/** What `decide` may read besides its own stream. */
export interface DecisionContext {
  /**
   * Another stream's durable state, as current as a read started when the command arrived (or,
   * deciding again, when that decision started): a fold read or written since is used as it
   * is, so that commands waiting for their stream's turn share one read.
   */
  load<S, E extends DomainEvent>(streamId: string, decider: Fold<S, E>): Promise<LoadedStream<S>>;
}

/** How a command decides: on its stream's state, reading other streams through `context`. */
export type Decide<S, E> = (state: S, context: DecisionContext) => readonly E[] | Promise<readonly E[]>;

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
  private readonly folds: StreamFolds;
  /** Appends handed to a pipelining store, not yet settled; never part of a durable fold. */
  private readonly pending = new PendingAppends();
  /** Keyed commands running, by stream and command id: a retry waits for the original. */
  private readonly keyedRunning = new Map<string, Promise<CommandAccepted>>();
  /** Every command accepted and not yet answered. */
  private readonly running = new Set<Promise<CommandAccepted>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.folds = new StreamFolds(store);
  }

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
    return (await this.folds.load(streamId, decider)).stream;
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
    decide: Decide<S, E>,
    origin: CommandOrigin,
    reason?: string,
  ): Promise<CommandAccepted> {
    const arrivedAt = this.folds.now();
    let decisions = 0;
    const decideInContext = (state: S) => {
      // The first decision reads context as current as of the command's arrival; a later one
      // (the stream moved, or what it was decided on failed) as of its own start.
      const since = decisions++ === 0 ? arrivedAt : this.folds.now();
      return decide(state, {
        load: async (streamId, fold) => (await this.folds.load(streamId, fold, since)).stream,
      });
    };
    const command =
      this.store.pipelinesAppends === true
        ? this.decideAndAppendOnce(streamId, decider, decideInContext, origin, reason)
        : this.writers.run(streamId, () =>
            this.decideAndAppendInTurn(streamId, decider, decideInContext, origin, reason),
          );
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
    let cached = this.folds.cached(streamId, decider)?.stream;
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
        const handedAt = this.folds.now();
        const result = await this.store.append(streamId, newEvents, {
          expectedRevision: stream.revision === -1 ? 'no_stream' : stream.revision,
        });
        // The events just written extend the fold without reading them back.
        const types = events.map((event) => event.type);
        this.folds.remember(
          streamId,
          decider,
          {
            stream: {
              state: events.reduce((state, event) => decider.evolve(state, event), stream.state),
              revision: result.nextExpectedRevision,
              position: result.position,
              keyedCommands: withKeyedCommand(
                stream.keyedCommands,
                origin.causationId,
                result.position,
                types,
              ),
            },
            lastEventId: newEvents.at(-1)!.id,
          },
          handedAt,
        );
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
    for (
      let original = this.keyedRunning.get(key);
      original !== undefined;
      original = this.keyedRunning.get(key)
    ) {
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
      if (attempt >= MAX_ATTEMPTS)
        throw new WrongExpectedRevisionError(streamId, on.end.revision, on.base.revision);
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
    const handedAt = this.folds.now();
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
      handedAt,
      settled,
    };
    this.pending.push(streamId, append);
    settled.then(
      (result) => {
        append.result = result;
        // The fold advances in chain order, whatever order the answers are handled in.
        for (const written of this.pending.takeWritten(streamId)) this.folds.extend(streamId, written);
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
  private async tipOf<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    fromStore: boolean,
  ): Promise<Tip<S>> {
    const cached = fromStore ? undefined : this.folds.cached(streamId, decider);
    const durable = cached ?? (await this.folds.load(streamId, decider));
    const end = { revision: durable.stream.revision, lastEventId: durable.lastEventId };
    const chain = this.pending.onTopOf(streamId, end);
    // Another decider's states are not this fold's (a stream is only ever folded by its own).
    const pending = chain.every((append) => append.fold === decider)
      ? (chain as readonly PendingAppend<S>[])
      : [];
    return {
      durable: { ...durable.stream, ...end },
      from: cached === undefined ? 'store' : 'cache',
      pending,
    };
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
}
