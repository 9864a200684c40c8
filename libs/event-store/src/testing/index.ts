/**
 * `@app/event-store/testing`: throwaway PostgreSQL databases and schemas for specs and
 * benchmarks, a session's wait for an advisory lock, and a promise settled by hand. Not part of the store's public
 * surface (`@app/event-store`).
 */
export * from './postgres-scratch-database.js';
export * from './postgres-lock-waiters.js';
export * from './deferred.js';
