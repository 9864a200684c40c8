/**
 * The write side's streams: loads a stream by folding its events, and appends what a decision
 * produced at the revision it was made at.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type DomainEvent, DomainError, toDomainEvent } from '@app/domain';
import { EVENT_STORE, type EventStore, type LogFilter, WrongExpectedRevisionError } from '@app/event-store';
import type { CommandAccepted } from './command-accepted.js';
import type { CommandOrigin } from './command-origin.js';
import { KeyedMutex } from '@app/runtime';
import { PipelinedCommands } from './pipelined-commands.js';
import { MAX_ATTEMPTS, newEventsOf, type StreamCommand } from './stream-command.js';
import { type Fold, type LoadedStream, StreamFolds, withKeyedCommand } from './stream-folds.js';

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

/**
 * Loads streams by folding their events, and appends the events a decision produces with
 * the expected revision it was made at.
 *
 * Folds are cached: the log is append-only, so a cached fold stays true and only the events
 * after its revision need reading. Another process appending to the same stream is caught
 * by the expected-revision check, and the retry reads what it wrote.
 *
 * When the store pipelines appends (`pipelinesAppends`, see PipelinedCommands), a stream's next command is decided
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
  /** The commands' path when the store pipelines appends (see pipelined-commands.ts). */
  private readonly pipelined: PipelinedCommands;
  /** Every command accepted and not yet answered (with the waits `whileRunning` counts). */
  private readonly running = new Set<Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.folds = new StreamFolds(store);
    this.pipelined = new PipelinedCommands(store, this.folds, this.writers);
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
    const command: StreamCommand<S, E> = { streamId, decider, decide: decideInContext, origin, reason };
    const answer =
      this.store.pipelinesAppends === true
        ? this.pipelined.decideAndAppendOnce(command)
        : this.writers.run(streamId, () => this.decideAndAppendInTurn(command));
    return this.counted(answer);
  }

  /**
   * Runs a command's work that does not begin with `decideAndAppend` (it first waits for an
   * exclusive section, say) as one of the running commands from now on: a shutdown lets it
   * finish too, instead of closing the store under it while it waits.
   */
  whileRunning<T>(work: () => Promise<T>): Promise<T> {
    return this.counted(work());
  }

  private counted<T>(answer: Promise<T>): Promise<T> {
    this.running.add(answer);
    const forget = () => this.running.delete(answer);
    answer.then(forget, forget);
    return answer;
  }

  /** When the store does not pipeline appends: the stream's next command waits for this one's append. */
  private async decideAndAppendInTurn<S, E extends DomainEvent>(
    command: StreamCommand<S, E>,
  ): Promise<CommandAccepted> {
    const { streamId, decider, origin } = command;
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
        events = await command.decide(stream.state);
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
        const newEvents = newEventsOf(command, events);
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
          this.folds.completeAfterAppend(result.position),
        );
        return { position: result.position, events: types };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
