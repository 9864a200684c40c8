/**
 * What the webhooks keep outside the log: each webhook's secret, and the outbox the log feeds
 * (the webhooks as registered, one delivery per webhook and event, the feed's checkpoint).
 * Two adapters: SQLite in DATA_DIR (one machine) and PostgreSQL (every process of a deployment).
 */

/** Injection token of the webhook store. */
export const WEBHOOK_STORE = Symbol('WEBHOOK_STORE');

/** A webhook as its WebhookRegistered event recorded it. */
export interface RegisteredWebhook {
  readonly webhookId: string;
  readonly url: string;
  /** null: every type. */
  readonly types: readonly string[] | null;
  /** Position of its WebhookRegistered event: it receives the events after it. */
  readonly position: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** One event to deliver to one webhook. */
export interface Delivery {
  readonly webhookId: string;
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  /** ISO-8601, when a 2xx answer arrived. */
  readonly deliveredAt?: string;
  /** When a pending delivery is due (ms since the epoch; 0 at once). */
  readonly nextAttemptAt: number;
}

export type NewDelivery = Pick<Delivery, 'webhookId' | 'position' | 'eventId' | 'type'>;

/** What one batch of the log changes in the outbox; stored atomically with the checkpoint. */
export interface OutboxBatch {
  readonly registered: readonly RegisteredWebhook[];
  readonly removed: readonly string[];
  readonly deliveries: readonly NewDelivery[];
  /** The feed's checkpoint moves from `from` (as read) to `to`. */
  readonly checkpoint: { readonly from: number; readonly to: number };
}

/** The result of one attempt at a delivery. */
export interface DeliveryAttempt {
  readonly webhookId: string;
  readonly position: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly deliveredAt?: string;
  readonly nextAttemptAt: number;
}

export interface DeliveryCount {
  readonly status: DeliveryStatus;
  readonly count: number;
}

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  /** Exclusive cursor: deliveries of events after this position. */
  readonly after?: number;
  readonly limit: number;
}

/** Held by the one dispatcher allowed to feed the outbox and deliver. */
export interface DispatcherLock {
  /** Settles when the lock is lost; the holder must stop. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** The outbox's checkpoint moved under the feeder: another dispatcher wrote it. Nothing was saved. */
export class OutboxCheckpointConflictError extends Error {
  constructor(expected: number) {
    super(`the webhook outbox's checkpoint is no longer at ${expected}`);
    this.name = 'OutboxCheckpointConflictError';
  }
}

/** A webhook as the store keeps it: removed ones too. */
export interface StoredWebhook extends RegisteredWebhook {
  readonly removed: boolean;
}

/**
 * Everything a webhook store holds but its dispatcher lease, for a copy into another store
 * (`store:copy`): the outbox's checkpoint, every webhook and delivery as they stand, and the
 * secrets in clear, opened with the source's key, to be sealed again with the target's. It lives
 * in memory only for the copy.
 */
export interface WebhookStoreState {
  readonly checkpoint: number;
  readonly webhooks: readonly StoredWebhook[];
  readonly secrets: readonly { readonly webhookId: string; readonly secret: string }[];
  readonly deliveries: readonly Delivery[];
}

/** importState was given a store that holds something already. */
export class WebhookStoreNotEmptyError extends Error {
  constructor(what: string) {
    super(`the target's webhook store is not empty (${what}): a copy goes into an empty one`);
    this.name = 'WebhookStoreNotEmptyError';
  }
}

export interface WebhookStore {
  readonly name: string;

  /** Keeps a webhook's secret (before its registration is appended to the log). */
  saveSecret(webhookId: string, secret: string): Promise<void>;
  secretOf(webhookId: string): Promise<string | undefined>;

  /** Position of the last event the outbox was fed (0: none). */
  outboxCheckpoint(): Promise<number>;
  /** The webhooks registered and not removed, as the outbox was fed so far. */
  activeWebhooks(): Promise<RegisteredWebhook[]>;
  /** Saves a batch; throws OutboxCheckpointConflictError (saving nothing) when the checkpoint moved. */
  commitOutbox(batch: OutboxBatch): Promise<void>;

  /** The first pending delivery of each active webhook: the only one of it that may be attempted. */
  nextDeliveries(): Promise<Delivery[]>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** A webhook's deliveries in log order. */
  deliveries(webhookId: string, filter: DeliveryFilter): Promise<Delivery[]>;
  /** How many deliveries of the webhooks not removed are in each status (every status, 0 included), for the metrics. */
  countDeliveries(): Promise<DeliveryCount[]>;

  /** Waits until this caller is the one active dispatcher, or rejects once `signal` aborts. */
  acquireDispatcherLock(signal: AbortSignal): Promise<DispatcherLock>;

  /** The whole store (WebhookStoreState), webhooks, secrets and deliveries in a stable order. */
  exportState(): Promise<WebhookStoreState>;
  /**
   * Writes `state` into this store in one transaction, the secrets sealed with this store's
   * key; WebhookStoreNotEmptyError (writing nothing) unless the store is empty, or `replace`
   * says to delete what it holds first (an earlier copy of the same source, store:copy decides).
   */
  importState(state: WebhookStoreState, options?: { readonly replace?: boolean }): Promise<void>;

  close(): Promise<void>;
}
