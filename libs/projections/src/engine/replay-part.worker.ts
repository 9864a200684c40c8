/** A worker thread of rebuildSqliteReadModels: replays one part of the log, then says so. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PartReplay, replayPart } from './parallel-rebuild.js';

const replay = workerData as PartReplay;
try {
  await replayPart(replay);
} catch (error) {
  // A plain Error crosses to the parent thread whole (a driver's error class may not).
  throw new Error(
    `replaying part ${replay.part} of ${replay.parts}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
parentPort?.postMessage('done');
