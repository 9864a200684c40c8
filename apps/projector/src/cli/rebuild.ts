/**
 * Rebuilds every read model from position 0 (`npm run projections:rebuild`) and prints how
 * many events it replayed, how many documents each model holds and how long it took.
 *
 * The embedded deployment (EVENT_STORE=sqlite) replays the log in parts by bloc, one per core,
 * into scratch files that then replace the read models' file (rebuildSqliteReadModels): stop
 * the API first, and start it again afterwards. The server deployments replay through the projection engine, which is safe beside a
 * running projector: checkpoints are compared on every commit, so whichever process holds the
 * projector lock replays from the reset checkpoints.
 */
import { NestFactory } from '@nestjs/core';
import {
  documentProjections,
  PROJECTION_ENGINE,
  type ProjectionEngine,
  READ_MODEL_STORE,
  type ReadModelStore,
  rebuildSqliteReadModels,
} from '@app/projections';
import { loadConfig } from '@app/runtime';
import { ProjectorModule } from '../projector.module.js';

const config = loadConfig(process.env);
const started = performance.now();
let how = 'through the projection engine';
if (config.eventStore === 'sqlite') {
  const { parts } = await rebuildSqliteReadModels({ dataDir: config.dataDir });
  how = `in ${parts} part${parts === 1 ? '' : 's'} side by side`;
}
// PROJECTIONS=off: the engine must not start projecting before the rebuild resets it.
const app = await NestFactory.createApplicationContext(
  ProjectorModule.forRoot({ ...config, projections: 'off' }),
  { logger: ['warn', 'error'] },
);
try {
  const engine = app.get<ProjectionEngine>(PROJECTION_ENGINE);
  const storage = app.get<ReadModelStore>(READ_MODEL_STORE);
  if (config.eventStore !== 'sqlite') await engine.rebuild();
  const seconds = (performance.now() - started) / 1000;

  const statuses = await engine.status();
  const events = Math.min(...statuses.map((status) => status.position));
  console.log(
    `rebuilt the read models (${storage.name}) ${how} from position 0 to ${events} in ${seconds.toFixed(2)} s` +
      ` (${Math.round(events / Math.max(seconds, 0.001))} events/s)`,
  );
  for (const projection of documentProjections) {
    const documents = await storage.listDocuments(projection.name);
    console.log(`  ${projection.name}: ${documents.length} documents`);
  }
} finally {
  await app.close();
}
