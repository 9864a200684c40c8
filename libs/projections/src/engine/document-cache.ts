/**
 * The documents the projector wrote last, kept between batches so that a busy bloc-year is
 * not read back from storage for every batch. Least recently used documents are dropped
 * first. Valid only while this projector holds the lock: the engine clears it on any failure.
 */
import { LRUCache } from 'lru-cache';

/** LRUCache holds no null; a null document is kept as this. */
const NULL_DOCUMENT = Symbol('null document');

export class DocumentCache {
  private readonly documents: LRUCache<string, NonNullable<unknown>>;

  constructor(capacity: number) {
    this.documents = new LRUCache({ max: capacity });
  }

  get(projection: string, key: string): unknown {
    const document = this.documents.get(`${projection}\u0000${key}`);
    return document === NULL_DOCUMENT ? null : document;
  }

  set(projection: string, key: string, document: unknown): void {
    const cacheKey = `${projection}\u0000${key}`;
    if (document === undefined) this.documents.delete(cacheKey);
    else this.documents.set(cacheKey, document ?? NULL_DOCUMENT);
  }

  clear(): void {
    this.documents.clear();
  }
}
