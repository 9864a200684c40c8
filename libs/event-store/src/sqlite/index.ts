/**
 * The embedded store alone (`@app/event-store/sqlite`): for code that needs no server
 * adapter, such as the rebuild's worker threads, which then load no database driver but
 * SQLite's.
 */
export * from './sqlite-event-store.js';
export * from './sqlite-checkpointer.js';
export { RequestThread, threadModule } from './sqlite-store-thread.js';
export { openDurableDatabase } from './sqlite-database.js';
export * from '../log-partition.js';
export type { RecordedEvent, ReplayedEvent } from '../event-store.port.js';
