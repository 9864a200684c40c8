/** Folds batches of the log into the sinks' pending changes, and commits them with their checkpoints. */
import type { ReplayedEvent } from '@app/event-store';
import { domainEventOf } from '../projection.js';
import type { FoldedBatch, ReadModelSink, SinkChanges } from '../read-model-sink.js';
import type { CheckpointAdvance, ReadModelStore } from '../storage/read-model-store.port.js';
import type { CheckpointWatch } from './checkpoint-watch.js';

/**
 * Changes folded in memory and not committed yet. Each commit carries the checkpoints of
 * exactly the sinks whose changes it stores, so a crash in between resumes every read model
 * from what its own committed changes reflect; after a failed commit nothing pending is kept,
 * and the engine resumes from the stored checkpoints.
 */
export class FoldBuffer {
  /** How far each checkpoint's read model has folded the log, committed or not; undefined when nothing is pending. */
  private applied?: Map<string, number>;

  constructor(
    private readonly sinks: readonly ReadModelSink[],
    private readonly readModels: ReadModelStore,
    private readonly checkpoints: CheckpointWatch,
  ) {}

  /** Starts from the stored checkpoints, as the one writer of the read models from now on. */
  takeOver(stored: ReadonlyMap<string, number>): void {
    this.checkpoints.replaceWith(stored);
    for (const sink of this.sinks) sink.takeOver((name) => this.checkpoints.position(name));
  }

  /** Folds a batch (ascending positions, not empty) into every sink's pending changes. */
  async fold(events: readonly ReplayedEvent[]): Promise<void> {
    const applied = (this.applied ??= this.checkpoints.all());
    const appliedUpTo = (name: string): number => applied.get(name) ?? 0;
    const batch: FoldedBatch = {
      events,
      domainEvents: events.map(domainEventOf),
      last: events[events.length - 1].position,
    };
    for (const sink of this.sinks) {
      await sink.fold(batch, appliedUpTo);
      for (const name of sink.checkpoints) if (appliedUpTo(name) < batch.last) applied.set(name, batch.last);
    }
  }

  /**
   * Stores what `sinks` (default: all) have pending in one transaction with their checkpoints;
   * the other sinks' changes stay pending.
   */
  async commit(sinks: readonly ReadModelSink[] = this.sinks): Promise<void> {
    const applied = this.applied;
    if (applied === undefined) return;
    const changes: SinkChanges = { documents: [], auditEntries: [] };
    for (const sink of sinks) sink.drainInto(changes);
    const checkpoints = this.advances(
      sinks.flatMap((sink) => sink.checkpoints),
      applied,
    );
    if (sinks.length === this.sinks.length) this.applied = undefined;
    try {
      await this.readModels.commit({ ...changes, checkpoints });
    } catch (error) {
      this.forget();
      throw error;
    }
    for (const sink of sinks) sink.stored(changes);
    this.checkpoints.committed(checkpoints);
  }

  /** Drops what is pending and what the sinks remember of stored read models. */
  forget(): void {
    this.applied = undefined;
    for (const sink of this.sinks) sink.forget();
  }

  /** The checkpoints of `names` that the pending changes move forward. */
  private advances(names: readonly string[], applied: ReadonlyMap<string, number>): CheckpointAdvance[] {
    return names
      .map((name) => ({
        projection: name,
        from: this.checkpoints.position(name),
        to: applied.get(name) ?? 0,
      }))
      .filter((checkpoint) => checkpoint.to > checkpoint.from);
  }
}
