/**
 * `@app/event-store/testing`: throwaway PostgreSQL databases and schemas for specs and
 * benchmarks. Not part of the store's public surface (`@app/event-store`).
 */
export * from './postgres-scratch-database.js';
