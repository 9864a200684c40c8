/**
 * Audit entries waiting for their commit, kept column by column with repeated values shared, so
 * that a replay's heap stays small.
 */

import type { AuditEntries, AuditEntry } from '../storage/read-model-store.port.js';

/** Audit entries column by column, as plain arrays: what crosses to a thread (structured clone). */
export interface AuditColumns {
  readonly positions: number[];
  readonly blocIds: (string | null)[];
  readonly years: (number | null)[];
  readonly unitIds: (string | null)[];
  readonly actors: string[];
  readonly types: string[];
  readonly recordedAts: string[];
}

/**
 * Audit entries waiting for their commit, column by column: a replay keeps tens of thousands
 * of them between commits, and an object per entry (with its own copies of the same few
 * strings) outlived the young generation and made most of the replay's heap. A value equal to
 * the one before it in its column is kept as that one (one command's events share their actor,
 * time, bloc and often unit), so the strings of an entry can be collected once it is added.
 */
export class AuditEntryBuffer implements AuditEntries {
  private readonly positions: number[];
  private readonly blocIds: (string | null)[];
  private readonly years: (number | null)[];
  private readonly unitIds: (string | null)[];
  private readonly actors: string[];
  private readonly types: string[];
  private readonly recordedAts: string[];

  /** Empty, or holding the entries of `columns` (taken over, not copied). */
  constructor(columns?: AuditColumns) {
    this.positions = columns?.positions ?? [];
    this.blocIds = columns?.blocIds ?? [];
    this.years = columns?.years ?? [];
    this.unitIds = columns?.unitIds ?? [];
    this.actors = columns?.actors ?? [];
    this.types = columns?.types ?? [];
    this.recordedAts = columns?.recordedAts ?? [];
  }

  /** The entries in columns: this buffer's own, or those of any entries, copied into new ones. */
  static columnsOf(entries: AuditEntries): AuditColumns {
    let buffer: AuditEntryBuffer;
    if (entries instanceof AuditEntryBuffer) buffer = entries;
    else {
      buffer = new AuditEntryBuffer();
      for (const entry of entries) buffer.push(entry);
    }
    const { positions, blocIds, years, unitIds, actors, types, recordedAts } = buffer;
    return { positions, blocIds, years, unitIds, actors, types, recordedAts };
  }

  get length(): number {
    return this.positions.length;
  }

  push(entry: AuditEntry): void {
    this.positions.push(entry.position);
    this.years.push(entry.year);
    pushShared(this.blocIds, entry.blocId);
    pushShared(this.unitIds, entry.unitId);
    pushShared(this.actors, entry.actor);
    pushShared(this.types, entry.type);
    pushShared(this.recordedAts, entry.recordedAt);
  }

  *[Symbol.iterator](): Iterator<AuditEntry> {
    for (let index = 0; index < this.positions.length; index++) {
      yield {
        position: this.positions[index],
        blocId: this.blocIds[index],
        year: this.years[index],
        unitId: this.unitIds[index],
        actor: this.actors[index],
        type: this.types[index],
        recordedAt: this.recordedAts[index],
      };
    }
  }
}

/** Appends `value`, as the string already at the end of the column when they are equal. */
function pushShared<Value extends string | null>(column: Value[], value: Value): void {
  const last = column.length === 0 ? undefined : column[column.length - 1];
  column.push(last === value ? last : value);
}
