/**
 * Live delivery of the PostgreSQL log: the subscriptions a store runs, woken by LISTEN/NOTIFY
 * on a connection of their own (the NOTIFY is sent inside the append transaction, so it is
 * delivered only on commit) and, as a fallback for a lost listener connection, by polling the
 * head while subscriptions run.
 */
import type { Pool } from 'pg';
import type { BatchHandler, SubscribeOptions, Subscription } from '../event-store.port.js';
import { LogChangeSignal, type LogPageReader, LogSubscription } from '../log-subscription.js';
import { ListenerConnection } from './postgres-listener.js';

export interface LiveDeliveryOptions {
  readonly pool: Pool;
  /** LISTEN on a client of its own when given; otherwise on a pool client kept for good. */
  readonly connectionString: string | undefined;
  readonly channel: string;
  readonly pollIntervalMs: number;
  /** The log's head position, as the poll reads it. */
  readonly readHead: () => Promise<number>;
}

export class PostgresLiveDelivery {
  /** Woken by every commit: another process's (NOTIFY, or the poll) and this one's (the store). */
  readonly changes = new LogChangeSignal();
  private readonly subscriptions = new Set<Subscription>();
  private listener?: Promise<ListenerConnection | undefined>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private polling = false;
  private lastSeenHead = 0;
  private closed = false;

  constructor(private readonly options: LiveDeliveryOptions) {}

  /** A subscription reading its pages with `readPage`, once LISTEN is in place. */
  subscribe(readPage: LogPageReader, options: SubscribeOptions, handler: BatchHandler): Subscription {
    const listening = this.ensureListener();
    const page: LogPageReader = async (after, limit, filter) => {
      // Read only once LISTEN is in place, so that no commit after the first read goes unnoticed.
      await listening;
      return readPage(after, limit, filter);
    };
    const subscription = new LogSubscription(page, this.changes, options, handler);
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    this.startPolling();
    return subscription;
  }

  /** Stops every subscription and the poll, and closes the listener connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.pollTimer) clearInterval(this.pollTimer);
    const listener = await this.listener;
    await listener?.close();
  }

  /**
   * LISTEN on a connection of its own; resolves undefined when that fails, and the next poll
   * tries again (meanwhile polling delivers).
   */
  private ensureListener(): Promise<ListenerConnection | undefined> {
    const { pool, connectionString, channel } = this.options;
    this.listener ??= ListenerConnection.open(pool, connectionString, channel, {
      onNotification: () => this.changes.notify(),
      onLost: () => {
        this.listener = undefined;
        // Whatever was committed while the connection was down is read at once.
        this.changes.notify();
      },
    }).catch(() => {
      this.listener = undefined;
      return undefined;
    });
    return this.listener;
  }

  /**
   * While subscriptions run, checks the head every poll interval: catches commits whose
   * notification was lost (a listener connection that dropped) without waking anyone for nothing.
   */
  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.pollHead(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  private async pollHead(): Promise<void> {
    if (this.polling || this.closed || this.subscriptions.size === 0) return;
    this.polling = true;
    try {
      void this.ensureListener();
      const head = await this.options.readHead();
      if (head !== this.lastSeenHead) {
        this.lastSeenHead = head;
        this.changes.notify();
      }
    } catch {
      // The next tick tries again; a read error that persists surfaces in the subscriptions.
    } finally {
      this.polling = false;
    }
  }
}
