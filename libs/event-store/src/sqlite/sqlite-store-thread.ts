/**
 * The SQLite store's worker threads (the writer, the chain verifier, the checkpointer, and the
 * read models' writer in @app/projections) start and stop alike: the thread's module (compiled
 * .js in a build, TypeScript under the specs, which need the repository's loader) says `ready`
 * once its connection is open, then answers requests; `close` makes it finish what it was sent
 * and exit.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

export interface StoreThreadOptions<A> {
  /** A module beside this one, by name, or any other thread module (see threadModule). */
  readonly module: 'sqlite-writer.worker' | 'sqlite-verifier.worker' | 'sqlite-checkpointer.worker' | URL;
  /** Names the thread in errors: "the SQLite <name> thread did not start". */
  readonly name: string;
  readonly workerData: unknown;
  /** The thread's Node options; left out: none in a build, the TypeScript loader under the specs. */
  readonly execArgv?: readonly string[];
  /** The thread's heap; left out: STORE_THREAD_HEAP. */
  readonly resourceLimits?: ResourceLimits;
  /** Each answer after `ready`. */
  readonly answered: (answer: A, worker: Worker) => void;
  /** Once, when the thread stops (an error, or its exit), whether or not it had started. */
  readonly stopped: (why: string, worker: Worker) => void;
}

/**
 * A store thread's heap unless its caller sets one: a young generation of 8 MiB. Left to V8, a
 * worker's young generation may grow to 32 MiB (Node 20's default), or to 64 MiB under the API's
 * `--max-semi-space-size` were it not confined to the main thread (node-flags.ts), for what the
 * writer holds only briefly, the groups it deserialises (the verifier sets a heap of its own).
 * Interleaved under the 50 blocs, 8 MiB cost the API nothing measurable (README, "Figures,
 * 2026-12-05 (issue 17, tenth pass)"). The old generation keeps V8's default: a large group must
 * never fail for want of room.
 */
export const STORE_THREAD_HEAP: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

/**
 * Starts a thread; settles once it is ready (then unreferenced: an idle thread keeps no process
 * alive), or rejects when it stops before.
 */
export function spawnStoreThread<A extends { readonly kind: string }>(
  options: StoreThreadOptions<A>,
): Promise<Worker> {
  const typescript = import.meta.url.endsWith('.ts');
  const execArgv =
    options.execArgv ??
    (typescript ? ['--import', new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href] : []);
  const module =
    options.module instanceof URL ? options.module : threadModule(import.meta.url, `./${options.module}`);
  const worker = new Worker(module, {
    workerData: options.workerData,
    execArgv: [...execArgv],
    resourceLimits: options.resourceLimits ?? STORE_THREAD_HEAP,
  });
  return new Promise<Worker>((resolve, reject) => {
    let ready = false;
    let gone = false;
    // Called on 'error' and again on the 'exit' that follows it.
    const stop = (why: string): void => {
      if (gone) return;
      gone = true;
      if (!ready) reject(new Error(`the SQLite ${options.name} thread did not start: ${why}`));
      options.stopped(why, worker);
    };
    worker.on('message', (answer: A | { readonly kind: 'ready' }) => {
      if (answer.kind === 'ready') {
        ready = true;
        worker.unref();
        resolve(worker);
        return;
      }
      options.answered(answer as A, worker);
    });
    worker.on('error', (error) => stop(error.message));
    worker.on('exit', (code) => stop(`exit code ${code}`));
  });
}

/**
 * The thread module `relative` (without its extension) to the module at `base` (its
 * `import.meta.url`): its .ts under the specs, its compiled .js in a build.
 */
export function threadModule(base: string, relative: string): URL {
  return new URL(`${relative}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** Asks the thread, if one started, to finish what it was sent and exit; resolves at its exit. */
export async function closeStoreThread(thread: Promise<Worker> | undefined): Promise<void> {
  const worker = await thread?.catch(() => undefined);
  if (!worker) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ kind: 'close' });
  worker.ref();
  await exited;
}
