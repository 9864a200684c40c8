/**
 * The write side's durable folds: each stream folded as far as the store has it, cached, and
 * read further from the store on demand.
 */
import { LRUCache } from 'lru-cache';
import { type Decider, type DomainEvent, toDomainEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandAccepted } from './command-accepted.js';
import { isKeyedCommandId } from './command-origin.js';
import type { PendingAppend } from './pending-appends.js';
import { TailChecks } from './tail-checks.js';

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

/** A durable fold and the id of the stream's last event folded (none when there is none). */
export interface DurableFold<S> {
  readonly stream: LoadedStream<S>;
  readonly lastEventId: string | undefined;
}

/**
 * A cached fold, and the moment (a StreamFolds.now() stamp) as of which it was known to hold
 * every event of the stream: when the read that gave it started, or when the append it ends
 * with was handed to the store (that append's own checks proved the stream ended where the
 * fold did when it was written, later).
 */
interface CachedFold extends DurableFold<unknown> {
  readonly fold: Fold<unknown, never>;
  readonly currentAsOf: number;
  /**
   * A log position through which the fold holds every event of its stream, when the checks of
   * the log's tail can vouch for it (see StreamFolds, "Context checks"); undefined otherwise.
   */
  readonly completeThrough?: number;
}

/** The context reads of one turn of the event loop, and the check of the log's tail they share. */
interface TurnCheck {
  /** By stream: the read each command of the turn that asks for the stream shares. */
  readonly reads: Map<
    string,
    { readonly fold: Fold<unknown, never>; readonly read: Promise<DurableFold<unknown>> }
  >;
  /** The stamp as of which trusted folds hold every event; undefined when none can be trusted. */
  readonly checked: Promise<number | undefined>;
}

export type Fold<S, E> = Pick<Decider<never, E, S>, 'initialState' | 'evolve'>;

/** Keyed commands remembered per stream: a lost answer is retried soon after, or not at all. */
const KEYED_COMMANDS_KEPT = 32;
/** Streams whose fold is kept in memory, least recently used first out. */
const CACHED_STREAMS = 10_000;
/**
 * Folds are cached: the log is append-only, so a cached fold stays true and only the events
 * after its revision need reading. A fold holds only events the store made durable.
 *
 * Context checks. A command's decision may read other streams as context (a report reads its
 * cycle), and must see every event written before the command arrived: those reads start in
 * the turn of the event loop after the command's, shared by every command of that turn that
 * asks for the same stream. A store that lists its log's tail (EventStore.readLogTail) is asked
 * once per such turn for the stream and revision of every event since the last check, instead
 * of once per stream read: a cached fold that no event since has passed is current. Each fold
 * carries the position through which it is known to hold every event of its stream
 * (`completeThrough`): where a check started when it was read, provided no check ran during the
 * read; the position of its last event when it ends with an append of this process that no
 * check has yet passed (the append's own checks proved the stream ended where the fold did). A
 * check that finds an event of a stream past its cached fold's revision takes that claim away,
 * and the stream is read. Every event after a claim's position is seen by a later check, so a
 * fold with a claim holds every event of its stream through the last check. On SQLite a read
 * right after another connection's commit (the writer thread's) reloads SQLite's pages: one
 * check of the tail per turn instead of one read per context stream.
 */
export class StreamFolds {
  private readonly folds = new LRUCache<string, CachedFold>({ max: CACHED_STREAMS });
  private stamps = 0;
  /** The context reads of the next turn, not started yet (see sharedRead). */
  private nextCheck?: TurnCheck;
  /** The checks of the log's tail that vouch for cached folds (tail-checks.ts). */
  private readonly tail: TailChecks;

  constructor(private readonly store: EventStore) {
    // A check found this event: a cached fold of its stream that ends before it claims too much.
    this.tail = new TailChecks(store, (streamId, revision) => {
      const entry = this.folds.peek(streamId);
      if (entry?.completeThrough !== undefined && revision > entry.stream.revision)
        this.folds.set(streamId, { ...entry, completeThrough: undefined });
    });
  }

  /** A stamp of this moment: stamps only grow, in the order things happen in this process. */
  now(): number {
    return ++this.stamps;
  }

  /** The cached fold, without reading; undefined when the stream is not cached (for `decider`). */
  cached<S, E>(streamId: string, decider: Fold<S, E>): DurableFold<S> | undefined {
    // Reading it makes the stream the most recently used.
    const entry = this.folds.get(streamId);
    // A stream is only ever folded by its own decider; anything else is not this fold.
    if (entry === undefined || entry.fold !== (decider as Fold<unknown, never>)) return undefined;
    return entry as DurableFold<S>;
  }

  /**
   * The cached fold extended by the events stored after it. With `currentSince` (a stamp), a
   * cached fold known to hold every event as of a later moment is returned without reading: it
   * holds everything written before that stamp was taken, which is what a read started then
   * would return.
   */
  async load<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
    currentSince?: number,
  ): Promise<DurableFold<S>> {
    const entry = this.folds.get(streamId);
    const cached = entry?.fold === (decider as Fold<unknown, never>) ? (entry as DurableFold<S>) : undefined;
    if (cached !== undefined && currentSince !== undefined && entry!.currentAsOf > currentSince)
      return cached;
    if (currentSince !== undefined) return this.sharedRead(streamId, decider);
    return this.readFurther(streamId, decider);
  }

  /**
   * Joins the read of the stream scheduled for the next turn of the event loop, or schedules
   * one. Requests that arrive together (in one turn, as a busy bloc's reports do) each need the
   * cycle stream as context: one read serves them all instead of one read each. When the store
   * lists its log's tail, the turn's check of it spares the reads of the streams it finds
   * unchanged (see the class).
   */
  private sharedRead<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
  ): Promise<DurableFold<S>> {
    const turn = (this.nextCheck ??= this.scheduleCheck());
    const scheduled = turn.reads.get(streamId);
    if (scheduled !== undefined && scheduled.fold === (decider as Fold<unknown, never>))
      return scheduled.read as Promise<DurableFold<S>>;
    const read = turn.checked.then(
      (stamp) =>
        (stamp !== undefined && this.current(streamId, decider, stamp)) ||
        this.readFurther(streamId, decider),
    );
    // A stream is only ever folded by its own decider: another one is not shared.
    if (scheduled === undefined) turn.reads.set(streamId, { fold: decider as Fold<unknown, never>, read });
    return read;
  }

  /** The reads of the next turn; when they start, later requests schedule a turn of their own. */
  private scheduleCheck(): TurnCheck {
    const turn: TurnCheck = {
      reads: new Map(),
      checked: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.nextCheck === turn) this.nextCheck = undefined;
        return this.checkTail();
      }),
    };
    return turn;
  }

  /**
   * Checks the log's tail (see the class); answers the stamp as of which the folds it leaves
   * trusted hold every event, or undefined when none can be trusted (every stream is read).
   */
  private async checkTail(): Promise<number | undefined> {
    const stamp = this.now();
    return (await this.tail.check()) ? stamp : undefined;
  }

  /**
   * The cached fold when the checks vouch for it, marked current as of `stamp`; undefined when
   * it must be read.
   */
  private current<S>(streamId: string, decider: Fold<S, never>, stamp: number): DurableFold<S> | undefined {
    const entry = this.folds.get(streamId);
    if (
      entry === undefined ||
      entry.fold !== (decider as Fold<unknown, never>) ||
      !this.tail.trusts(entry.completeThrough)
    )
      return undefined;
    if (entry.currentAsOf < stamp) this.folds.set(streamId, { ...entry, currentAsOf: stamp });
    return entry as DurableFold<S>;
  }

  /** What an append of this process at `position` lets the fold that ends with it claim. */
  completeAfterAppend(position: number): number | undefined {
    return this.tail.claimAfterAppend(position);
  }

  /** The cached fold (or the initial state) extended by the events stored after it. */
  private async readFurther<S, E extends DomainEvent>(
    streamId: string,
    decider: Fold<S, E>,
  ): Promise<DurableFold<S>> {
    const entry = this.folds.get(streamId);
    const cached = entry?.fold === (decider as Fold<unknown, never>) ? (entry as DurableFold<S>) : undefined;
    const readAt = this.now();
    let { state, revision, position, keyedCommands } = cached?.stream ?? {
      state: decider.initialState(),
      revision: -1,
      position: 0,
      keyedCommands: new Map<string, CommandAccepted>(),
    };
    let lastEventId = cached?.lastEventId;
    const claim = this.tail.claimOfRead();
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
    const loaded = { stream: { state, revision, position, keyedCommands }, lastEventId };
    this.remember(streamId, decider, loaded, readAt, claim());
    return loaded;
  }

  /**
   * Caches a fold known to hold every event of the stream as of `currentAsOf`, unless a
   * further one is cached already; with `completeThrough`, the position through which it holds
   * every event of the stream (completeAfterAppend, or a read's claim).
   */
  remember<S, E>(
    streamId: string,
    decider: Fold<S, E>,
    fold: DurableFold<S>,
    currentAsOf: number,
    completeThrough?: number,
  ): void {
    const current = this.folds.peek(streamId);
    if (current !== undefined && current.fold === (decider as Fold<unknown, never>)) {
      // Concurrent loads may finish out of order; an older fold never replaces a newer one.
      if (current.stream.revision > fold.stream.revision) return;
      if (current.stream.revision === fold.stream.revision) {
        // The same events: each claim holds, and the further one says more.
        const through = furthest(current.completeThrough, completeThrough);
        if (current.currentAsOf >= currentAsOf && through === current.completeThrough) return;
        this.folds.set(streamId, {
          ...current,
          currentAsOf: Math.max(current.currentAsOf, currentAsOf),
          completeThrough: through,
        });
        return;
      }
    }
    this.folds.set(streamId, {
      fold: decider as Fold<unknown, never>,
      ...fold,
      currentAsOf,
      completeThrough,
    });
  }

  /**
   * Extends the cached fold by an append that was written on it (its base is where the fold
   * ends). When the fold was dropped or read further meanwhile, it is left as it is: the next
   * load reads the store.
   */
  extend(streamId: string, written: PendingAppend): void {
    const current = this.folds.peek(streamId);
    const result = written.result;
    if (
      result === undefined ||
      current === undefined ||
      current.fold !== written.fold ||
      current.stream.revision !== written.base.revision ||
      current.lastEventId !== written.base.lastEventId
    )
      return;
    this.folds.set(streamId, {
      fold: current.fold,
      currentAsOf: written.handedAt,
      completeThrough: this.completeAfterAppend(result.position),
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

/** The further of two positions, either of which may be unknown. */
function furthest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

/**
 * `commands` with what a keyed command wrote added to it (its events are consecutive in a
 * stream: a command appends to a stream once), the oldest dropped beyond KEYED_COMMANDS_KEPT;
 * `commands` itself when the command is not keyed.
 */
export function withKeyedCommand(
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
