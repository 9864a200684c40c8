/** What a document projection is, and how runs of events are folded into its documents. */
import { isDomainEventType, toDomainEvent, type DomainEvent } from '@app/domain';
import type { ReplayedEvent } from '@app/event-store';

/**
 * A read model made of JSON documents, one per key, each folded from the log by a pure
 * `evolve`. The engine stores the documents a batch touched together with the projection's
 * checkpoint; time travel folds the same `evolve` in memory.
 */
export interface DocumentProjection<Document> {
  /** Stable name: the documents' namespace and the checkpoint's key. */
  readonly name: string;
  /** The key of the document the event changes, or undefined when it does not concern this model. */
  keyOf(event: DomainEvent): string | undefined;
  /** The document after the event; must not modify `document` (it may be cached or shared). */
  evolve(document: Document | undefined, event: DomainEvent): Document | undefined;
  /**
   * The document after these events of its key, in order: the same as folding `evolve` over
   * them, computed faster (a replay hands over long runs of one key's events). Must not modify
   * `document` either.
   */
  evolveAll?(document: Document | undefined, events: readonly DomainEvent[]): Document | undefined;
}

/**
 * The document after a run of events of one key: `evolveAll` where the projection has one,
 * else `evolve` event by event. An event that leaves no document (undefined) changes nothing.
 */
export function evolveRun<Document>(
  projection: DocumentProjection<Document>,
  document: Document | undefined,
  events: readonly DomainEvent[],
): Document | undefined {
  if (projection.evolveAll !== undefined) return projection.evolveAll(document, events) ?? document;
  let current = document;
  for (const event of events) current = projection.evolve(current, event) ?? current;
  return current;
}

/** Key of a bloc-year's documents. */
export function cycleKey(blocId: string, year: number): string {
  return `${blocId}:${year}`;
}

/**
 * The domain event an envelope holds, upcast to the current schema of its type; undefined for
 * a type this version does not know (written by a newer one: the audit index still lists it,
 * the documents ignore it).
 */
export function domainEventOf(recorded: ReplayedEvent): DomainEvent | undefined {
  return isDomainEventType(recorded.type) ? toDomainEvent(recorded) : undefined;
}

/**
 * Calls `fold` with each run of consecutive items whose key is the same (items whose key is
 * undefined are left out, and do not end a run), in order.
 */
export function forEachRun<Item>(
  keys: readonly (string | undefined)[],
  items: readonly Item[],
  fold: (key: string, run: Item[]) => void,
): void {
  let runKey: string | undefined;
  let run: Item[] = [];
  keys.forEach((key, index) => {
    if (key === undefined) return;
    if (key !== runKey) {
      if (runKey !== undefined) fold(runKey, run);
      runKey = key;
      run = [];
    }
    run.push(items[index]);
  });
  if (runKey !== undefined) fold(runKey, run);
}

/** Folds events into documents in memory, the way the engine folds them into storage. */
export function foldDocuments<Document>(
  projection: DocumentProjection<Document>,
  events: Iterable<DomainEvent>,
  documents: Map<string, Document> = new Map(),
): Map<string, Document> {
  const all = [...events];
  forEachRun(
    all.map((event) => projection.keyOf(event)),
    all,
    (key, run) => {
      const next = evolveRun(projection, documents.get(key), run);
      if (next !== undefined) documents.set(key, next);
    },
  );
  return documents;
}
