/** Rebuilds the embedded deployment's read models from the log, in parts by bloc on worker threads. */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { blocOfStream } from '@app/domain';
import {
  type LogPartition,
  type ReplayedEvent,
  SQLITE_EVENTS_FILE,
  SqliteEventStore,
} from '@app/event-store/sqlite';
import { READ_MODELS_FILE, SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import {
  checkpointNames,
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_PENDING_DOCUMENTS,
  ProjectionEngine,
} from './projection-engine.js';

/** Where a rebuild's parts write their scratch read models, in the data folder. */
const SCRATCH_DIR = 'rebuild';

/** Audit entries the parts of a rebuild keep pending between commits, all parts together. */
const REPLAY_PENDING_AUDIT_ENTRIES = 500_000;

export interface ParallelRebuildOptions {
  /** The data folder of the embedded deployment: `events.sqlite` and the read models' file. */
  readonly dataDir: string;
  /** Parts of the log replayed side by side, each on a worker thread. Default: the cores available, at most 4. */
  readonly parts?: number;
  /** Events per page read. Default: the engine's batch size. */
  readonly batchSize?: number;
  /** Node options of the worker threads instead of this process's (the specs pass the TypeScript loader). */
  readonly workerExecArgv?: readonly string[];
}

export interface ParallelRebuildReport {
  /** The log's head when the rebuild started: every read model now reflects it. */
  readonly head: number;
  readonly parts: number;
}

/** What one replayer of a part of the log needs; plain data, posted to a worker thread. */
export interface PartReplay {
  readonly dataDir: string;
  /** The part's scratch read models. */
  readonly file: string;
  readonly part: number;
  readonly parts: number;
  readonly head: number;
  readonly batchSize?: number;
}

/**
 * Every read model is kept per bloc, so the log splits into parts by bloc (events of other
 * streams go by their stream) and each part can be replayed on its own.
 */
export function partitionKeyOf(streamId: string): string {
  return blocOfStream(streamId) ?? streamId;
}

/**
 * Rebuilds the embedded deployment's read models (SQLite log, SQLite read models) from
 * position 0, with the log split into parts by bloc, each replayed on its own worker thread:
 * SQLite hands each thread only its part's rows (each still scans the whole table), so the
 * threads parse the log once between them, and fold and store side by side.
 *
 * Each part writes scratch read models of its own (its documents never share a key with
 * another part's; its audit lists are its own shard), so the parts never wait for one another.
 * Once all are done, the first part's file takes in the others' models, with every checkpoint
 * at the head the rebuild started from, and replaces the read models' file (a rename). A
 * rebuild that fails or is interrupted leaves the read models as they were.
 *
 * Run it with the API stopped: a process that has the read models open keeps serving the file
 * it opened until it restarts.
 */
export async function rebuildSqliteReadModels(
  options: ParallelRebuildOptions,
): Promise<ParallelRebuildReport> {
  const parts = options.parts ?? Math.min(availableParallelism(), 4);
  if (!Number.isInteger(parts) || parts < 1)
    throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const store = await SqliteEventStore.open({ file: join(options.dataDir, SQLITE_EVENTS_FILE) });
  let head: number;
  try {
    head = await store.headPosition();
  } finally {
    await store.close();
  }

  // One rebuild at a time: what an interrupted one left here is thrown away.
  const scratchDir = join(options.dataDir, SCRATCH_DIR);
  await rm(scratchDir, { recursive: true, force: true });
  await mkdir(scratchDir, { recursive: true });
  try {
    const replay = (part: number): PartReplay => ({
      dataDir: options.dataDir,
      file: join(scratchDir, `part-${part}.sqlite`),
      part,
      parts,
      head,
      batchSize: options.batchSize,
    });
    const workers = Array.from({ length: parts }, (_, part) =>
      startWorker(replay(part), options.workerExecArgv),
    );
    try {
      // The first failure fails the rebuild.
      await Promise.all(workers.map((worker) => worker.done));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }

    // Part 0's file takes in the others' models and the checkpoints, is flushed to disk, and
    // then replaces the read models' file whole: nothing is copied into the live file.
    const files = Array.from({ length: parts }, (_, part) => replay(part).file);
    const merged = SqliteReadModelStore.open({ file: files[0], scratch: true });
    try {
      await merged.absorb(files.slice(1), new Map(checkpointNames().map((name) => [name, head])));
    } finally {
      await merged.close();
    }
    await putInPlace(files[0], join(options.dataDir, READ_MODELS_FILE));
    return { head, parts };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** Replays one part of the log into the read models, with connections of its own (on a worker thread). */
export async function replayPart(replay: PartReplay): Promise<void> {
  const store = await SqliteEventStore.open({ file: join(replay.dataDir, SQLITE_EVENTS_FILE) });
  const readModels = SqliteReadModelStore.open({
    file: replay.file,
    auditShard: replay.part,
    scratch: true,
    // Several connections in one process: a smaller page cache each.
    cacheMiB: 8,
  });
  // The pages read and the engine's idea of a full batch must agree.
  const batchSize = replay.batchSize ?? DEFAULT_BATCH_SIZE;
  try {
    const engine = new ProjectionEngine({
      store,
      readModels,
      batchSize,
      // Each part holds its share of what one replayer would: the parts share one process.
      maxPendingDocuments: Math.ceil(DEFAULT_MAX_PENDING_DOCUMENTS / replay.parts),
      // Audit entries wait in columns, compactly: each commit writes a chunk per list it
      // touches, so fewer commits write fewer and fuller chunks.
      maxEventsPerCommit: Math.ceil(REPLAY_PENDING_AUDIT_ENTRIES / replay.parts),
      // Below the engine's default: heap room for larger documents, at little cost.
      cacheSize: Math.ceil(1_000 / replay.parts),
    });
    const partition: LogPartition = { parts: replay.parts, part: replay.part, keyOf: partitionKeyOf };
    await engine.replay(pages(store, partition, replay.head, batchSize));
  } finally {
    await readModels.close();
    await store.close();
  }
  // Part 0's file becomes the read models' file, synced before the rename: synced here, while
  // other parts may still replay, the final sync only has the other parts' models to write.
  if (replay.part === 0) await syncFile(replay.file);
}

async function* pages(
  store: SqliteEventStore,
  partition: LogPartition,
  upTo: number,
  maxCount: number,
): AsyncGenerator<readonly ReplayedEvent[]> {
  for (let after = 0; ;) {
    const page = store.readPartition({ after, upTo, maxCount, partition });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position;
  }
}

interface PartWorker {
  /** Settles when the worker's replay has finished or failed. */
  readonly done: Promise<void>;
  terminate(): Promise<void>;
}

function startWorker(replay: PartReplay, execArgv: readonly string[] | undefined): PartWorker {
  // Beside this module: compiled (.js) in a build, TypeScript under the specs' loader.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const worker = new Worker(new URL(`./replay-part.worker${extension}`, import.meta.url), {
    workerData: replay,
    // Left out, the threads inherit this process's Node options, except those a thread cannot
    // take (V8 and process-wide ones); given, they are taken as they are.
    ...(execArgv === undefined ? {} : { execArgv: [...execArgv] }),
    // The rebuild's heaps together, shared by its parts: old generations with room to spare for
    // logs with larger documents than the benchmark's, young generations large enough that a
    // batch's events and the documents' superseded versions die young.
    resourceLimits: {
      maxOldGenerationSizeMb: Math.max(128, Math.floor(512 / replay.parts)),
      maxYoungGenerationSizeMb: Math.max(24, Math.floor(160 / replay.parts)),
    },
  });
  let replayed = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', () => (replayed = true));
    worker.once('error', reject);
    // Settled once the thread is gone, its connections closed.
    worker.once('exit', (code) => {
      if (replayed && code === 0) resolve();
      else reject(new Error(`the replay of part ${replay.part} stopped (exit code ${code})`));
    });
  });
  // Observed by Promise.all; a worker terminated after another failed must not go unhandled.
  done.catch(() => undefined);
  return { done, terminate: async () => void (await worker.terminate()) };
}

/**
 * Makes `file` the read models' file at `target`, durably: its content is synced, the
 * target's leftover journal files (of the file it replaces) are removed so that SQLite never
 * applies them to the new one, and the rename is synced with its folder.
 */
async function putInPlace(file: string, target: string): Promise<void> {
  await syncFile(file);
  for (const suffix of ['-wal', '-shm']) await rm(`${target}${suffix}`, { force: true });
  await rename(file, target);
  await syncFile(dirname(target));
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
