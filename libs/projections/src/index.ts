/**
 * The public face of @app/projections: the projections and their engine, the read-model stores,
 * the audit index and the read side's queries.
 */

export * from './projection.js';
export * from './read-model-sink.js';
export * from './projection.errors.js';
export * from './document-projections.js';
export * from './read-model-documents.js';
export * from './engine/projection-engine.js';
export * from './storage/read-model-store.port.js';
export * from './storage/read-models-version.js';
export * from './storage/read-model-store.factory.js';
export * from './storage/sqlite/sqlite-read-model-store.js';
export * from './storage/postgres/postgres-read-model-store.js';
export * from './storage/postgres/postgres-advisory-lock.js';
export * from './audit/audit-entry.mapping.js';
export * from './audit/audit-sink.js';
export * from './blocs/blocs.projection.js';
export * from './cycle/cycle.projection.js';
export * from './standings/standings.projection.js';
export * from './standings/standings.view.js';
export * from './standings/standings-time-travel.js';
export * from './leadership/leadership.projection.js';
export * from './leadership/leadership.view.js';
export * from './deadlines/deadlines.projection.js';
export * from './votes/votes.projection.js';
export * from './engine/parallel-rebuild.js';
export { pause } from './engine/pause.js';
export { DEFAULT_PACING, type Pacing } from './engine/commit-pacer.js';
export * from './nominations/nominations.projection.js';
export * from './honours/honours.projection.js';
