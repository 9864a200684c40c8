/**
 * The documents the projector wrote last, kept between batches so that a busy bloc-year is
 * not read back from storage for every batch. Least recently used documents are dropped
 * first. Valid only while this projector holds the lock: the engine clears it on any failure.
 */
export class DocumentCache {
  private readonly documents = new Map<string, unknown>();

  constructor(private readonly capacity: number) {}

  get(projection: string, key: string): unknown {
    const cacheKey = `${projection}\u0000${key}`;
    const document = this.documents.get(cacheKey);
    if (document !== undefined) {
      // Re-inserting moves the entry to the end of the Map's order: most recently used.
      this.documents.delete(cacheKey);
      this.documents.set(cacheKey, document);
    }
    return document;
  }

  set(projection: string, key: string, document: unknown): void {
    const cacheKey = `${projection}\u0000${key}`;
    this.documents.delete(cacheKey);
    this.documents.set(cacheKey, document);
    while (this.documents.size > this.capacity) {
      const oldest = this.documents.keys().next().value as string;
      this.documents.delete(oldest);
    }
  }

  clear(): void {
    this.documents.clear();
  }
}
