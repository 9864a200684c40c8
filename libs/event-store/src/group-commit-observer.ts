/**
 * An optional hook on the SQL stores' group commits, for metrics: how many appends and events
 * one transaction took and how long it lasted, flush to disk included (SQLite's WAL with
 * synchronous=FULL syncs at COMMIT; PostgreSQL's commit waits for its WAL flush). The store
 * knows nothing of who listens or what they do with it (no metrics library here).
 */
import { performance } from 'node:perf_hooks';
import type { PendingAppend } from './append-queue.js';

export interface GroupCommit {
  /** Appends (callers) the transaction served. */
  readonly appends: number;
  /** Events those appends carried. */
  readonly events: number;
  /** From BEGIN to COMMIT's return, in seconds. */
  readonly seconds: number;
  /**
   * False when the transaction wrote nothing: it failed as a whole (every append of it was
   * rejected) or, on PostgreSQL, every append of it was refused or replayed.
   */
  readonly committed: boolean;
}

export type GroupCommitObserver = (commit: GroupCommit) => void;

/** A store that reports its group commits. */
export interface ObservableGroupCommits {
  /** Calls `observer` after each group commit; returns how to stop. */
  observeGroupCommits(observer: GroupCommitObserver): () => void;
}

export function observesGroupCommits(store: object): store is ObservableGroupCommits {
  return typeof (store as Partial<ObservableGroupCommits>).observeGroupCommits === 'function';
}

/** The observers of one store, and the timing of one group commit. */
export class GroupCommitObservers implements ObservableGroupCommits {
  private readonly observers = new Set<GroupCommitObserver>();

  observeGroupCommits(observer: GroupCommitObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** A timer started now for `group`; call the result once the commit has ended. */
  start(group: readonly PendingAppend[]): (committed: boolean) => void {
    if (this.observers.size === 0) return () => undefined;
    const startedAt = performance.now();
    return (committed) => {
      const commit: GroupCommit = {
        appends: group.length,
        events: group.reduce((sum, pending) => sum + pending.append.events.length, 0),
        seconds: (performance.now() - startedAt) / 1000,
        committed,
      };
      // An observer's failure is its own: the appends have their answers already.
      for (const observer of this.observers) {
        try {
          observer(commit);
        } catch {
          // ignored on purpose, see above
        }
      }
    };
  }
}
