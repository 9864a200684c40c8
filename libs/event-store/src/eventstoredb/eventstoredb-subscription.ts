/**
 * A catch-up subscription to $all delivered in batches with the port's semantics: the next
 * batch only after the handler's promise resolved, a handler error ends it, stop() waits for
 * the running handler. Events already buffered by the client when a batch starts go into that
 * batch (up to batchSize), so catching up is batched and live delivery is prompt.
 */
import { type AllStreamResolvedEvent, type AllStreamSubscription } from '@eventstore/db-client';
import type { BatchHandler, LogFilter, RecordedEvent, Subscription } from '../event-store.port.js';
import { fromClientEvent, matchesFilter } from './eventstoredb-mapping.js';

export class EventStoreDbSubscription implements Subscription {
  readonly done: Promise<void>;
  private pending: RecordedEvent[] = [];
  private delivering?: Promise<void>;
  private stopping = false;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private settled = false;

  constructor(
    private readonly source: AllStreamSubscription,
    /** Exclusive: the server starts after this position, and this check makes sure of it. */
    private readonly after: number,
    private readonly filter: LogFilter,
    private readonly batchSize: number,
    private readonly handler: BatchHandler,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
    source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(resolved));
    source.on('error', (error: Error) => void this.end(error));
    source.on('end', () => void this.end(new Error('EventStoreDB ended the subscription')));
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.done.catch(() => undefined);
    this.stopping = true;
    await this.source.unsubscribe().catch(() => undefined);
    this.source.destroy();
    await this.delivering;
    this.finish();
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    if (this.stopping || !resolved.event) return;
    let mapped: ReturnType<typeof fromClientEvent>;
    try {
      mapped = fromClientEvent(resolved.event);
    } catch (error) {
      void this.end(error);
      return;
    }
    if (!mapped || mapped.event.position <= this.after || !matchesFilter(mapped.event, this.filter)) return;
    this.pending.push(mapped.event);
    // Hold the server back while a full batch waits for the handler.
    if (this.pending.length >= this.batchSize) this.source.pause();
    // Let the events the client already holds join this batch before delivering it.
    this.delivering ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.deliver());
  }

  private async deliver(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.stopping) {
        const batch = this.pending.splice(0, this.batchSize);
        await this.handler(batch);
        if (this.pending.length < this.batchSize && this.source.isPaused()) this.source.resume();
      }
    } catch (error) {
      this.delivering = undefined;
      await this.end(error);
      return;
    }
    this.delivering = undefined;
  }

  /** Ends with an error (handler, server or connection), unless stop() came first. */
  private async end(error: unknown): Promise<void> {
    if (this.stopping || this.settled) return;
    this.stopping = true;
    await this.source.unsubscribe().catch(() => undefined);
    this.source.destroy();
    await this.delivering;
    this.settled = true;
    this.settle.reject(error);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.settle.resolve();
  }
}
