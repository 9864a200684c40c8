/** What the projection engine feeds the log to: one kind of read model, folded, committed and checkpointed. */
import type { DomainEvent } from '@app/domain';
import type { ReplayedEvent } from '@app/event-store';
import type { AuditEntries, StoredDocument } from './storage/read-model-store.port.js';

/** A batch of the log as every sink receives it, parsed once for all of them. */
export interface FoldedBatch {
  /** Ascending positions. */
  readonly events: readonly ReplayedEvent[];
  /** The domain event of each envelope, or undefined for a type this version does not know. */
  readonly domainEvents: readonly (DomainEvent | undefined)[];
  /** The position of the batch's last event. */
  readonly last: number;
}

/** What one read-model transaction stores besides the checkpoints; each sink adds its share. */
export interface SinkChanges {
  readonly documents: StoredDocument[];
  auditEntries: AuditEntries;
}

/**
 * A kind of read model the engine keeps: the documents of the document projections, or the
 * audit index. Per batch the engine calls `fold`; when the commit schedule says so it calls
 * `drainInto` and stores the changes in one transaction with this sink's checkpoints, which it
 * moves to the last position each fold has seen; then it calls `stored`.
 */
export interface ReadModelSink {
  /** The checkpoints stored with this sink's changes, one per read model it holds. */
  readonly checkpoints: readonly string[];
  /** Whether enough is pending for a commit of its own while catching up. */
  readonly isFull: boolean;
  /**
   * Starts from the stored checkpoints, as the one writer of its read models from now on;
   * `stored(name)` is a checkpoint's position (0 when absent).
   */
  takeOver(stored: (checkpoint: string) => number): void;
  /**
   * Folds the batch's events past `appliedUpTo(checkpoint)` (what this sink has folded so far,
   * committed or not) into what is pending; an event at or below it changes nothing.
   */
  fold(batch: FoldedBatch, appliedUpTo: (checkpoint: string) => number): Promise<void> | void;
  /** Hands everything pending over to `changes`, and keeps none of it pending. */
  drainInto(changes: SinkChanges): void;
  /** Told once `changes`, holding what this sink drained into them, are stored. */
  stored(changes: SinkChanges): void;
  /**
   * Drops what is pending and what it remembers of stored read models: after a failure, or
   * when another writer may change them.
   */
  forget(): void;
}
