/**
 * Commands on a store that pipelines appends: each decided on its stream's tip (the durable
 * fold and the appends still waiting for their commit), handed to the store at once, and
 * answered once its own append is durable.
 */
import { type DomainEvent, DomainError } from '@app/domain';
import { type EventStore, WrongExpectedRevisionError } from '@app/event-store';
import type { CommandAccepted } from './command-accepted.js';
import { isKeyedCommandId } from './command-origin.js';
import type { KeyedMutex } from '@app/runtime';
import { type PendingAppend, PendingAppends, type StreamEnd } from './pending-appends.js';
import { MAX_ATTEMPTS, newEventsOf, type StreamCommand } from './stream-command.js';
import type { LoadedStream, StreamFolds } from './stream-folds.js';

/** What a command was decided on. */
interface Tip<S> {
  readonly durable: LoadedStream<S> & StreamEnd;
  /** How the durable fold was had: from the cache (may lag other writers) or read just now. */
  readonly from: 'cache' | 'store';
  /** The appends not yet durable that the command was decided on top of, oldest first. */
  readonly pending: readonly PendingAppend<S>[];
}

/** How a command's turn on its stream ended. */
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
 * A stream's next command is decided on its state including the appends still waiting for
 * their commit, so that one group commit carries several commands of one stream. The store
 * refuses an append whose base (revision and last event id) did not happen, so nothing is
 * written on a state that did not happen; the refused command is decided again. The fold
 * cache only ever holds durable state: a written append extends it in chain order.
 */
export class PipelinedCommands {
  /** Appends handed to the store, not yet settled; never part of a durable fold. */
  private readonly pending = new PendingAppends();
  /** Keyed commands running, by stream and command id: a retry waits for the original. */
  private readonly keyedRunning = new Map<string, Promise<CommandAccepted>>();

  /** @param writers the streams' turns, shared with EventStreams (which waits for them at shutdown) */
  constructor(
    private readonly store: EventStore,
    private readonly folds: StreamFolds,
    private readonly writers: KeyedMutex,
  ) {}

  /**
   * A keyed command runs once at a time: a retry sent while the original runs (its append
   * perhaps still waiting for its commit) waits for the original's answer, and runs itself
   * only when the original wrote nothing.
   */
  async decideAndAppendOnce<S, E extends DomainEvent>(
    command: StreamCommand<S, E>,
  ): Promise<CommandAccepted> {
    const { streamId, origin } = command;
    if (!isKeyedCommandId(origin.causationId)) return this.decideAndAppendPipelined(command);
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
    const running = this.decideAndAppendPipelined(command);
    this.keyedRunning.set(key, running);
    try {
      return await running;
    } finally {
      if (this.keyedRunning.get(key) === running) this.keyedRunning.delete(key);
    }
  }

  /**
   * Decides in the stream's turn, on its state including the appends still waiting for their
   * commit, hands the append to the store and gives the turn to the next command at once; then
   * waits for this append's own commit. Whatever was decided on a state that did not happen
   * (an append under it failed or was refused) is decided again, at most MAX_ATTEMPTS times.
   */
  private async decideAndAppendPipelined<S, E extends DomainEvent>(
    command: StreamCommand<S, E>,
  ): Promise<CommandAccepted> {
    let fromStore = false;
    for (let attempt = 1; ; attempt++) {
      const turn = await this.writers.run(command.streamId, () => this.decideOnTip(command, fromStore));
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
        throw new WrongExpectedRevisionError(command.streamId, on.end.revision, on.base.revision);
    }
  }

  private async decideOnTip<S, E extends DomainEvent>(
    command: StreamCommand<S, E>,
    fromStore: boolean,
  ): Promise<Turn> {
    const { streamId, decider, origin } = command;
    const { durable, from, pending } = await this.tipOf(command, fromStore);
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
      events = await command.decide(state);
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
    const newEvents = newEventsOf(command, events);
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
    { streamId, decider }: StreamCommand<S, E>,
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
}
