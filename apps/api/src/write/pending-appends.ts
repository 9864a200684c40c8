/**
 * The appends this process handed to a pipelining store and whose commit has not settled yet,
 * per stream, in the order they were handed over: each was decided on the one before it.
 */
import type { AppendResult } from '@app/event-store';

/** A stream's last event: its revision (-1: no stream) and its id (none when there is none). */
export interface StreamEnd {
  readonly revision: number;
  readonly lastEventId: string | undefined;
}

/** One append handed to the store, with the fold it leads to once written. */
export interface PendingAppend<S = unknown> {
  /** The decider whose fold `state` is (a stream is only ever folded by its own). */
  readonly fold: unknown;
  /** Where the stream ended as the append was decided: the store checks it is still so. */
  readonly base: StreamEnd;
  /** Where the stream ends once the append is written. */
  readonly end: StreamEnd & { readonly lastEventId: string };
  /** The stream's state once the append is written. */
  readonly state: S;
  readonly commandId: string;
  readonly types: readonly string[];
  /** When it was handed to the store (a StreamFolds.now() stamp); it is written after. */
  readonly handedAt: number;
  /** Settles with the store's answer: resolves once durable, rejects when nothing was written. */
  readonly settled: Promise<AppendResult>;
  /** Set once `settled` resolved. */
  result?: AppendResult;
  /**
   * Set once the append failed or was refused, or an append it was decided on top of was: the
   * store will refuse it (the id it expects will never be the stream's last), and nothing is
   * decided on it any more.
   */
  doomed?: boolean;
}

/**
 * Per stream, the chain of pending appends: the first was decided on the durable fold, each
 * next one on the one before. What is decided next goes on top of the last.
 */
export class PendingAppends {
  private readonly chains = new Map<string, PendingAppend[]>();

  /** The chain continuing from `durable` (entries it already covers dropped); empty otherwise. */
  onTopOf(streamId: string, durable: StreamEnd): readonly PendingAppend[] {
    const chain = this.chains.get(streamId);
    if (chain === undefined) return [];
    const next = chain.findIndex((append) => sameEnd(append.base, durable));
    if (next === -1) {
      // The durable fold is none of the chain's bases: it covers the whole chain (the commits
      // landed, their answers not handled yet), or another writer moved the stream and every
      // pending append will be refused. Either way, nothing more is decided on the chain.
      this.chains.delete(streamId);
      return [];
    }
    chain.splice(0, next);
    return chain;
  }

  /** The last pending append of the stream, if any (without checking it against a fold). */
  last(streamId: string): PendingAppend | undefined {
    return this.chains.get(streamId)?.at(-1);
  }

  /** Every pending append of the stream, oldest first. */
  of(streamId: string): readonly PendingAppend[] {
    return this.chains.get(streamId) ?? [];
  }

  push(streamId: string, append: PendingAppend): void {
    const chain = this.chains.get(streamId);
    if (chain === undefined) this.chains.set(streamId, [append]);
    else chain.push(append);
  }

  /**
   * Takes off the front of the chain the appends that were written, in chain order, and
   * returns them: a commit's answers may be handled out of order, the fold advances in order.
   */
  takeWritten(streamId: string): PendingAppend[] {
    const chain = this.chains.get(streamId);
    if (chain === undefined) return [];
    let count = 0;
    while (count < chain.length && chain[count]!.result !== undefined) count++;
    const written = chain.splice(0, count);
    if (chain.length === 0) this.chains.delete(streamId);
    return written;
  }

  /** `failed` wrote nothing: it and every append decided on top of it are doomed and dropped. */
  drop(streamId: string, failed: PendingAppend): void {
    failed.doomed = true;
    const chain = this.chains.get(streamId);
    const at = chain?.indexOf(failed) ?? -1;
    if (chain === undefined || at === -1) return;
    for (const append of chain.splice(at)) append.doomed = true;
    if (chain.length === 0) this.chains.delete(streamId);
  }
}

export function sameEnd(a: StreamEnd, b: StreamEnd): boolean {
  return a.revision === b.revision && a.lastEventId === b.lastEventId;
}
