/** Serialises async work per key within this process; work on different keys runs freely. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last waiter cleans up, so the map only holds keys with work in flight.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Settles once the work started or queued so far has finished (for a clean shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
