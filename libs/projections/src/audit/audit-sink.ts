/** Feeds the audit index: an entry per event of the log, committed under one checkpoint. */
import type { FoldedBatch, ReadModelSink, SinkChanges } from '../read-model-sink.js';
import { AuditEntryBuffer } from './audit-entry-buffer.js';
import { auditEntryOf } from './audit-entry.mapping.js';

/** Name of the audit index's checkpoint. */
export const AUDIT_PROJECTION = 'audit';

/**
 * Every event goes into the index, known type or not (a newer version's events are listed
 * too). While catching up, the entries wait in columns until `maxPendingEntries` are pending.
 */
export class AuditSink implements ReadModelSink {
  readonly checkpoints = [AUDIT_PROJECTION];
  private entries = new AuditEntryBuffer();

  constructor(private readonly maxPendingEntries: number) {}

  get isFull(): boolean {
    return this.entries.length >= this.maxPendingEntries;
  }

  takeOver(): void {}

  fold(batch: FoldedBatch, appliedUpTo: (checkpoint: string) => number): void {
    const from = appliedUpTo(AUDIT_PROJECTION);
    if (from >= batch.last) return;
    for (const event of batch.events) if (event.position > from) this.entries.push(auditEntryOf(event));
  }

  drainInto(changes: SinkChanges): void {
    changes.auditEntries = this.entries;
    this.entries = new AuditEntryBuffer();
  }

  stored(): void {}

  forget(): void {
    this.entries = new AuditEntryBuffer();
  }
}
