/**
 * The event-store library's public surface: the port, the shared rules, the hash chain, the
 * signed heads and the SQLite and PostgreSQL adapters.
 */
export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './group-commit-observer.js';
export * from './event-store.validation.js';
export * from './event-store.factory.js';
export * from './canonical-json.js';
export * from './hash-chain.js';
export * from './log-partition.js';
export * from './log-subscription.js';
export * from './stream-prefix.js';
export * from './sqlite/sqlite-event-store.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/pg-driver.js';
export * from './signed-head.js';
export * from './head-signer.js';
export * from './signed-spans.js';
export * from './signed-head-store.factory.js';
export * from './sqlite/sqlite-signed-head-store.js';
export * from './sqlite/sqlite-log-file.js';
export * from './postgres/postgres-signed-head-store.js';
export * from './recorded-import.js';
