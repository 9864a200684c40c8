/**
 * The public face of @app/runtime: the configuration, the event store and projection engine
 * modules the API and the projector share, and where the signed heads and their key come from.
 */

export * from './config/app.config.js';
export * from './config/config.module.js';
export * from './event-store.module.js';
export * from './projection-engine.module.js';
export * from './signed-heads.js';
export * from './backup/backup-manifest.js';
export * from './backup/data-dir-backup.js';
export * from './backup/data-dir-restore.js';
export * from './store-copy/store-endpoint.js';
export * from './store-copy/store-copy.js';
export * from './store-copy/webhook-copy.js';
export * from './store-copy/idempotency-copy.js';
export * from './idempotency/idempotency.port.js';
export * from './concurrency/keyed-mutex.js';
export * from './concurrency/exclusive-sections.port.js';
export * from './concurrency/in-process-exclusive-sections.js';
export * from './concurrency/postgres-exclusive-sections.js';
export * from './idempotency/sqlite-idempotency.store.js';
export * from './idempotency/postgres-idempotency.store.js';
export * from './export/log-export-format.js';
export * from './export/log-export.js';
export * from './export/export-file-verify.js';
export * from './deadlines/deadline-tracker.js';
export * from './deadlines/deadline-process.js';
export * from './deadlines/deadline-process.module.js';
export * from './deadlines/process-lock.js';
export * from './config/webhook.config.js';
export * from './webhooks/address-policy.js';
export * from './webhooks/retry-schedule.js';
export * from './webhooks/webhook-signature.js';
export * from './webhooks/webhook-store.port.js';
export * from './webhooks/webhook-target.js';
export * from './webhooks/webhook-dispatcher.js';
export * from './webhooks/webhook-dispatch.module.js';
export * from './webhooks/sqlite-webhook-store.js';
export * from './webhooks/postgres-webhook-store.js';
export * from './webhooks/webhook-secret-sealer.js';
export * from './logging/secret-redaction.js';
export * from './logging/nest-pino-logger.js';
export * from './logging/pino-options.js';
export * from './logging/batched-log-destination.js';
