/** Feeds the document read models: folds each projection's documents, one checkpoint per projection. */
import type { DomainEvent } from '@app/domain';
import { evolveRun, forEachRun, type DocumentProjection } from '../projection.js';
import type { FoldedBatch, ReadModelSink, SinkChanges } from '../read-model-sink.js';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import { DocumentCache } from './document-cache.js';

export interface DocumentSinkOptions {
  readonly projections: readonly DocumentProjection<unknown>[];
  /** Where documents not pending nor cached are read from. */
  readonly readModels: ReadModelStore;
  /** Changed documents, all projections together, that make a commit of their own while catching up. */
  readonly maxPendingDocuments: number;
  /** Committed documents kept in memory between batches. */
  readonly cacheSize: number;
}

/**
 * Changed documents stay pending, per projection and key, until the engine commits them: a
 * busy document is written once per commit, however many batches changed it.
 */
export class DocumentSink implements ReadModelSink {
  readonly checkpoints: readonly string[];
  private readonly cache: DocumentCache;
  /** Changed documents per projection and key. */
  private changed = new Map<string, Map<string, unknown>>();
  /** Entries of `changed`, all projections together. */
  private changedCount = 0;
  /**
   * Projections that had no documents when this engine took over the read models (checkpoint
   * 0: documents are only ever stored with their projection's checkpoint past 0), with the keys
   * this engine has stored since: any other key is absent, without asking the storage. A
   * replay into empty read models then never reads a document back.
   */
  private fromEmpty = new Map<string, Set<string>>();

  constructor(private readonly options: DocumentSinkOptions) {
    this.checkpoints = options.projections.map((projection) => projection.name);
    this.cache = new DocumentCache(options.cacheSize);
  }

  get isFull(): boolean {
    return this.changedCount >= this.options.maxPendingDocuments;
  }

  takeOver(stored: (checkpoint: string) => number): void {
    this.fromEmpty = new Map(
      this.options.projections
        .filter((projection) => stored(projection.name) === 0)
        .map((projection) => [projection.name, new Set<string>()]),
    );
  }

  async fold(batch: FoldedBatch, appliedUpTo: (checkpoint: string) => number): Promise<void> {
    const { events, domainEvents, last } = batch;
    for (const projection of this.options.projections) {
      const from = appliedUpTo(projection.name);
      if (from >= last) continue;
      const keys: (string | undefined)[] = domainEvents.map((event, index) =>
        event !== undefined && events[index].position > from ? projection.keyOf(event) : undefined,
      );
      let changed = this.changed.get(projection.name);
      if (changed === undefined) this.changed.set(projection.name, (changed = new Map()));
      const working = await this.load(projection.name, keys, changed);
      // Consecutive events of one key are folded as one run (an event of a key is never undefined).
      forEachRun(keys, domainEvents as DomainEvent[], (key, run) => {
        const before = working.get(key);
        const after = evolveRun(projection, before, run);
        if (after === undefined || after === before) return;
        working.set(key, after);
        if (!changed.has(key)) this.changedCount++;
        changed.set(key, after);
      });
    }
  }

  drainInto(changes: SinkChanges): void {
    for (const [projection, changed] of this.changed) {
      for (const [key, body] of changed) changes.documents.push({ projection, key, body });
    }
    this.changed.clear();
    this.changedCount = 0;
  }

  stored(changes: SinkChanges): void {
    for (const document of changes.documents) {
      this.cache.set(document.projection, document.key, document.body);
      this.fromEmpty.get(document.projection)?.add(document.key);
    }
  }

  forget(): void {
    this.changed.clear();
    this.changedCount = 0;
    this.cache.clear();
  }

  /** The current documents under `keys`: pending, else cached, else from storage in one read. */
  private async load(
    projection: string,
    keys: readonly (string | undefined)[],
    pending: ReadonlyMap<string, unknown>,
  ): Promise<Map<string, unknown>> {
    const working = new Map<string, unknown>();
    const missing = new Set<string>();
    const stored = this.fromEmpty.get(projection);
    for (const key of keys) {
      if (key === undefined || working.has(key) || missing.has(key)) continue;
      const current = pending.get(key) ?? this.cache.get(projection, key);
      if (current !== undefined) working.set(key, current);
      else if (stored === undefined || stored.has(key)) missing.add(key);
    }
    if (missing.size > 0) {
      for (const [key, document] of await this.options.readModels.loadDocuments(projection, [...missing])) {
        working.set(key, document);
      }
    }
    return working;
  }
}
