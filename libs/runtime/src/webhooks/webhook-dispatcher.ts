/**
 * The webhook dispatcher: on the one process that holds the dispatcher lock, it follows the
 * log from the outbox's checkpoint (each batch's deliveries stored with the checkpoint, in
 * one transaction: an outbox fed from the log, never a second write beside the append), and
 * delivers: per webhook one delivery at a time, in log order, the next only once the
 * previous is delivered or has failed for good. Failed attempts are retried after growing
 * delays (retry-schedule.ts), up to `maxAttempts`. A crash between an answer and its record
 * means the delivery is sent again: at least once.
 */
import type { EventStore, Subscription } from '@app/event-store';
import { auditEventOf, pause } from '@app/projections';
import { type Clock, systemClock, systemTimers, type Timers } from './dispatch-clock.js';
import { firstWidening, planOutbox, typesToRead } from './outbox-plan.js';
import { retryDelayMs, type RetrySchedule } from './retry-schedule.js';
import type { WebhookSender } from './webhook-sender.js';
import { webhookSignature } from './webhook-signature.js';
import type { Delivery, DeliveryAttempt, RegisteredWebhook, WebhookStore } from './webhook-store.port.js';

export interface WebhookDispatcherOptions {
  readonly log: EventStore;
  readonly store: WebhookStore;
  readonly sender: WebhookSender;
  readonly maxAttempts: number;
  readonly retry: RetrySchedule;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly batchSize?: number;
  /** Pause before trying again after the dispatcher itself failed (a store error). Default 1 s. */
  readonly restartDelayMs?: number;
  /** Told about every failure of the dispatcher (it restarts on its own). */
  readonly onError?: (error: unknown) => void;
  /** Events read without storing the checkpoint while they plan nothing (IDLE_CHECKPOINT_LAG). */
  readonly idleCheckpointLag?: number;
}

/**
 * Batches that plan nothing (no webhook registered, removed or due a delivery: the common case,
 * and every batch while no webhook is registered) are not committed one by one, since each
 * commit is a durable transaction on the API's event loop: the checkpoint is stored once this
 * many events were read past it, with the next batch that plans something, or at stop. Reading
 * them again after a crash plans nothing again: the webhooks active then are the ones stored
 * (a registration or removal is a batch that plans something, committed at once).
 */
export const IDLE_CHECKPOINT_LAG = 10_000;

/** A running session: from taking the lock to losing, failing or stopping. */
interface Session {
  webhooks: ReadonlyMap<string, RegisteredWebhook>;
  readonly inFlight: Map<string, Promise<void>>;
  /**
   * When each webhook's last attempt settled, on `ticks`: a look that asked the store before
   * then may have read that delivery as it was before the attempt was recorded (see scan).
   */
  readonly settled: Map<string, number>;
  /** A counter of the session's looks and settled attempts, in the order they happen. */
  ticks: number;
  timer?: unknown;
  scanning: boolean;
  rescan: boolean;
  fail(error: unknown): void;
  readonly closed: { value: boolean };
}

export class WebhookDispatcher {
  private running?: { readonly abort: AbortController; readonly loop: Promise<void> };
  private session?: Session;
  private readonly attemptListeners = new Set<(attempt: DeliveryAttempt) => void>();
  private readonly clock: Clock;
  private readonly timers: Timers;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
  }

  /** Whether this process holds the dispatcher lock and delivers. */
  get isDispatching(): boolean {
    return this.session !== undefined;
  }

  start(): void {
    if (this.running !== undefined) return;
    const abort = new AbortController();
    this.running = { abort, loop: this.run(abort.signal) };
  }

  /** Stops; resolves once no attempt is running and the lock is released. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.abort.abort(new Error('webhook dispatcher stopped'));
    await running.loop;
    this.running = undefined;
  }

  /** Tells `listener` about every recorded attempt until the returned function is called. */
  onAttempt(listener: (attempt: DeliveryAttempt) => void): () => void {
    this.attemptListeners.add(listener);
    return () => this.attemptListeners.delete(listener);
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let failed = false;
      let lock;
      try {
        lock = await this.options.store.acquireDispatcherLock(signal);
        await this.dispatch(signal, lock.lost);
      } catch (error) {
        if (signal.aborted) break;
        failed = true;
        this.options.onError?.(error);
      } finally {
        await lock?.release();
      }
      if (failed) await pause(this.options.restartDelayMs ?? 1_000, signal);
    }
  }

  private async dispatch(signal: AbortSignal, lockLost: Promise<void>): Promise<void> {
    const { store, log } = this.options;
    let checkpoint = await store.outboxCheckpoint();
    let fail: (error: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const session: Session = {
      webhooks: new Map((await store.activeWebhooks()).map((webhook) => [webhook.webhookId, webhook])),
      inFlight: new Map(),
      settled: new Map(),
      ticks: 0,
      scanning: false,
      rescan: false,
      fail,
      closed: { value: false },
    };
    this.session = session;
    // How far the log was read, ahead of the stored checkpoint while the batches read since
    // changed nothing in the outbox (see idleCheckpointLag).
    let seen = checkpoint;
    try {
      // Each pass reads the log filtered by the active webhooks' types (typesToRead) until a
      // registration needs more: the batch is cut after it, and the next pass reads on from
      // there with the wider filter.
      let widened = true;
      while (widened && !signal.aborted) {
        widened = false;
        const types = typesToRead(session.webhooks);
        const subscription: Subscription = log.subscribe(
          {
            after: seen,
            batchSize: this.options.batchSize ?? 500,
            ...(types === undefined ? {} : { types }),
          },
          async (page) => {
            const cut = firstWidening(page, types);
            const events = cut === -1 ? page : page.slice(0, cut + 1);
            const plan = planOutbox(session.webhooks, events, seen);
            seen = plan.batch.checkpoint.to;
            session.webhooks = plan.active;
            const { registered, removed, deliveries } = plan.batch;
            const changesNothing = registered.length === 0 && removed.length === 0 && deliveries.length === 0;
            if (
              !changesNothing ||
              seen - checkpoint >= (this.options.idleCheckpointLag ?? IDLE_CHECKPOINT_LAG)
            ) {
              await store.commitOutbox({ ...plan.batch, checkpoint: { from: checkpoint, to: seen } });
              checkpoint = seen;
              if (!changesNothing) this.wake(session);
            }
            if (cut !== -1) {
              widened = true;
              void subscription.stop();
            }
          },
        );
        await this.follow(session, subscription, signal, failed, lockLost);
      }
    } finally {
      session.closed.value = true;
      if (session.timer !== undefined) this.timers.clear(session.timer);
      if (seen > checkpoint) await this.saveCheckpoint(checkpoint, seen);
      await Promise.allSettled(session.inFlight.values());
      this.session = undefined;
    }
  }

  /** Waits for a pass of the log to end: stopped, failed, or the lock lost. */
  private async follow(
    session: Session,
    subscription: Subscription,
    signal: AbortSignal,
    failed: Promise<never>,
    lockLost: Promise<void>,
  ): Promise<void> {
    const stop = (): void => void subscription.stop();
    signal.addEventListener('abort', stop, { once: true });
    // A stop that came while the lock was taken and the outbox read found no listener yet:
    // an aborted signal never calls one added later, and the subscription would run on.
    if (signal.aborted) stop();
    this.wake(session);
    try {
      await Promise.race([
        subscription.done,
        failed,
        lockLost.then(() => {
          throw new Error('the webhook dispatcher lock was lost');
        }),
      ]);
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.stop();
    }
  }

  /**
   * Stores how far the log was read when the batches since the stored checkpoint changed
   * nothing. Best effort: when it fails (the lock was lost, another dispatcher moved on), the
   * next session reads those batches again, and they plan nothing again.
   */
  private async saveCheckpoint(from: number, to: number): Promise<void> {
    try {
      await this.options.store.commitOutbox({
        registered: [],
        removed: [],
        deliveries: [],
        checkpoint: { from, to },
      });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Looks for due deliveries soon (one look at a time; a wake during a look asks for another). */
  private wake(session: Session): void {
    if (session.closed.value) return;
    if (session.scanning) {
      session.rescan = true;
      return;
    }
    session.scanning = true;
    void this.scan(session)
      .catch((error: unknown) => session.fail(error))
      .finally(() => {
        session.scanning = false;
        // A wake that came after the look's last read and before this: look again.
        if (session.rescan) this.wake(session);
      });
  }

  private async scan(session: Session): Promise<void> {
    do {
      session.rescan = false;
      const askedAt = ++session.ticks;
      const next = await this.options.store.nextDeliveries();
      if (session.closed.value) return;
      const now = this.clock.now();
      let earliest = Number.POSITIVE_INFINITY;
      for (const delivery of next) {
        if (session.inFlight.has(delivery.webhookId)) continue;
        // An attempt that settled while the store was being asked may not be in this answer:
        // trying its delivery again from here would repeat the attempt (its number too). Its
        // settling asked for another look, which reads it as recorded.
        if ((session.settled.get(delivery.webhookId) ?? 0) > askedAt) continue;
        if (delivery.nextAttemptAt <= now) this.startAttempt(session, delivery);
        else earliest = Math.min(earliest, delivery.nextAttemptAt);
      }
      if (session.timer !== undefined) this.timers.clear(session.timer);
      session.timer =
        earliest === Number.POSITIVE_INFINITY
          ? undefined
          : this.timers.set(() => {
              session.timer = undefined;
              this.wake(session);
            }, earliest - now);
    } while (session.rescan && !session.closed.value);
    session.rescan = false;
  }

  private startAttempt(session: Session, delivery: Delivery): void {
    const attempt = this.attempt(session, delivery)
      .catch((error: unknown) => session.fail(error))
      .finally(() => {
        session.inFlight.delete(delivery.webhookId);
        session.settled.set(delivery.webhookId, ++session.ticks);
        this.wake(session);
      });
    session.inFlight.set(delivery.webhookId, attempt);
  }

  private async attempt(session: Session, delivery: Delivery): Promise<void> {
    const { log, store, sender } = this.options;
    const webhook = session.webhooks.get(delivery.webhookId);
    if (webhook === undefined) return;
    const [event] = await log.readAll({ after: delivery.position - 1, maxCount: 1 });
    const secret = await store.secretOf(delivery.webhookId);
    let response;
    if (event === undefined || event.id !== delivery.eventId) {
      response = {
        ok: false as const,
        error: `event ${delivery.eventId} is not at position ${delivery.position}`,
      };
    } else if (secret === undefined) {
      response = { ok: false as const, error: 'no secret is kept for this webhook' };
    } else {
      const body = JSON.stringify(auditEventOf(event));
      response = await sender({
        url: webhook.url,
        body,
        headers: {
          'content-type': 'application/json',
          'x-event-id': event.id,
          'x-event-type': event.type,
          'x-signature-256': webhookSignature(body, secret),
          'x-webhook-id': webhook.webhookId,
          'x-delivery-attempt': String(delivery.attempts + 1),
        },
      });
    }
    const attempts = delivery.attempts + 1;
    const now = this.clock.now();
    const recorded: DeliveryAttempt = response.ok
      ? {
          webhookId: delivery.webhookId,
          position: delivery.position,
          status: 'delivered',
          attempts,
          ...(delivery.lastError !== undefined ? { lastError: delivery.lastError } : {}),
          deliveredAt: new Date(now).toISOString(),
          nextAttemptAt: 0,
        }
      : {
          webhookId: delivery.webhookId,
          position: delivery.position,
          status: attempts >= this.options.maxAttempts ? 'failed' : 'pending',
          attempts,
          lastError: response.error,
          nextAttemptAt:
            attempts >= this.options.maxAttempts ? 0 : now + retryDelayMs(attempts, this.options.retry),
        };
    await store.recordAttempt(recorded);
    for (const listener of this.attemptListeners) listener(recorded);
  }
}
