/**
 * A projector process for the crash and takeover specs:
 *   node --import test/support/ts-loader.mjs run-projector.ts <dataDir> <batchSize> [<postgresUrl> <schema>] [--hold-at <position>]
 * The event store is the SQLite file in <dataDir>; the read models are in <dataDir> too, or
 * in PostgreSQL when a URL is given. It projects until it is killed. With --hold-at, once a
 * commit has brought every read model to <position> or past it, it prints `holding at <reached>`
 * and commits nothing more: the parent kills it at a point it knows, without racing it.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@app/event-store';
import { checkpointNames, ProjectionEngine } from '../engine/projection-engine.js';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import { PostgresReadModelStore } from '../storage/postgres/postgres-read-model-store.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'hold-at': { type: 'string' } },
});
const [dataDir, batchSize, connectionString, schema] = positionals;
if (dataDir === undefined)
  throw new Error('usage: run-projector.ts <dataDir> [batchSize] [postgresUrl schema] [--hold-at position]');

const store = await SqliteEventStore.open({ file: join(dataDir, 'events.sqlite'), pollIntervalMs: 20 });
const readModels =
  connectionString === undefined
    ? SqliteReadModelStore.open({ dataDir })
    : await PostgresReadModelStore.open({ connectionString, schema });
if (values['hold-at'] !== undefined) holdAt(readModels, Number(values['hold-at']));
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

/** Makes the first commit that brings every read model to `position` the last one, and says so. */
function holdAt(models: ReadModelStore, position: number): void {
  const commit = models.commit.bind(models);
  models.commit = async (changes) => {
    await commit(changes);
    const stored = await models.checkpoints();
    const reached = Math.min(...checkpointNames().map((name) => stored.get(name) ?? 0));
    if (reached < position) return;
    console.log(`holding at ${reached}`);
    // Never settles; the interval keeps the process alive until it is killed.
    await new Promise<never>(() => setInterval(() => undefined, 60_000));
  };
}
