/**
 * A projector process for the crash and takeover specs:
 *   node --import test/support/ts-loader.mjs run-projector.ts <dataDir> <batchSize> [<postgresUrl> <schema>]
 * The event store is the SQLite file in <dataDir>; the read models are in <dataDir> too, or
 * in PostgreSQL when a URL is given. It projects until it is killed.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { ProjectionEngine } from '../engine/projection-engine.js';
import { PostgresReadModelStore } from '../storage/postgres/postgres-read-model-store.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';

const [dataDir, batchSize, connectionString, schema] = process.argv.slice(2);
if (dataDir === undefined)
  throw new Error('usage: run-projector.ts <dataDir> [batchSize] [postgresUrl schema]');

const store = await SqliteEventStore.open({ file: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
const readModels =
  connectionString === undefined
    ? SqliteReadModelStore.open({ dataDir })
    : await PostgresReadModelStore.open({ connectionString, schema });
const engine = new ProjectionEngine({
  store,
  readModels,
  batchSize: Number(batchSize ?? 500),
  // One commit per batch, documents included, so that a kill lands between many small commits.
  maxEventsPerCommit: Number(batchSize ?? 500),
  maxPendingDocuments: 1,
  onError: (error) => console.error(error),
});
engine.start();
