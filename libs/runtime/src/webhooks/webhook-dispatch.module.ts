/**
 * Runs the webhooks in a process (the API, and the projector): opens the webhook store
 * beside the log (SQLite in DATA_DIR, or PostgreSQL when the log is on a server), and runs the
 * dispatcher, which delivers only while this process holds the dispatcher lock.
 */
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { type AppConfig, resolveWebhookSecretsKey } from '../config/app.config.js';
import { webhookConfigOf } from '../config/webhook.config.js';
import { PostgresWebhookStore } from './postgres-webhook-store.js';
import { SqliteWebhookStore } from './sqlite-webhook-store.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSecretSealer } from './webhook-secret-sealer.js';
import { httpWebhookSender } from './webhook-sender.js';
import { WEBHOOK_STORE, type WebhookStore } from './webhook-store.port.js';

/** Whether targets may be loopback or private: outside production, or when allowed explicitly. */
export function allowsPrivateTargets(config: AppConfig): boolean {
  return !config.production || config.webhookAllowPrivate === true;
}

/**
 * The sealer of the webhooks' secrets: WEBHOOK_SECRETS_KEY, or the key file of DATA_DIR outside
 * production, and the previous keys it still opens (WEBHOOK_SECRETS_PREVIOUS_KEYS).
 */
export function webhookSecretSealerOf(config: AppConfig): WebhookSecretSealer {
  const key =
    config.webhookSecretsKey ??
    resolveWebhookSecretsKey({}, { production: config.production, dataDir: config.dataDir });
  return new WebhookSecretSealer(
    Buffer.from(key, 'base64url'),
    (config.webhookSecretsPreviousKeys ?? []).map((previous) => Buffer.from(previous, 'base64url')),
  );
}

export async function openWebhookStore(config: AppConfig): Promise<WebhookStore> {
  const sealer = webhookSecretSealerOf(config);
  if (config.eventStore === 'sqlite') return SqliteWebhookStore.inDataDir(config.dataDir, sealer);
  if (config.databaseUrl === undefined) {
    throw new Error(`EVENT_STORE=${config.eventStore} keeps the webhooks in PostgreSQL: set DATABASE_URL`);
  }
  return PostgresWebhookStore.open({ connectionString: config.databaseUrl, sealer });
}

const logger = new Logger('Webhooks');

@Module({})
export class WebhookDispatchModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const settings = webhookConfigOf(config);
    return {
      module: WebhookDispatchModule,
      providers: [
        { provide: WEBHOOK_STORE, useFactory: () => openWebhookStore(config) },
        {
          provide: WebhookDispatcher,
          useFactory: (log: EventStore, store: WebhookStore) => {
            const dispatcher = new WebhookDispatcher({
              log,
              store,
              sender: httpWebhookSender({
                timeoutMs: settings.webhookTimeoutMs,
                allowPrivate: allowsPrivateTargets(config),
              }),
              maxAttempts: settings.webhookMaxAttempts,
              retry: { baseMs: settings.webhookRetryBaseMs, maxMs: settings.webhookRetryMaxMs },
              // Never the request: its headers carry the signature, and the secret stays out of every log line.
              onError: (error) => logger.error(error instanceof Error ? error.message : String(error)),
            });
            dispatcher.onAttempt((attempt) => {
              if (attempt.status === 'failed') {
                logger.warn(
                  `delivery of position ${attempt.position} to webhook ${attempt.webhookId} failed after ${attempt.attempts} attempts: ${attempt.lastError ?? ''}`,
                );
              }
            });
            return dispatcher;
          },
          inject: [EVENT_STORE, WEBHOOK_STORE],
        },
      ],
      exports: [WEBHOOK_STORE, WebhookDispatcher],
    };
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  /** Before the event store closes: an attempt may be reading the log. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
