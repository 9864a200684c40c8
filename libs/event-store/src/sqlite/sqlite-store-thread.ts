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
 * Interleaved under the 50 blocs, 8 MiB cost the API nothing measurable (bench/FIGURES.md, "Figures,
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

/** What starts a RequestThread's thread: a store thread's options but its callbacks. */
export type RequestThreadStart<A> = Omit<StoreThreadOptions<A>, 'answered' | 'stopped'>;

/**
 * A store thread that answers one request at a time (the log's writer, the read models'
 * writer): started with the first request, so that a store that only reads runs none; then
 * referenced only while a request is in flight, so that an idle thread keeps no process alive.
 * A thread that stops fails the request in flight with `lost(why)`, whose outcome is unknown to
 * the caller, and the next request starts another; so does one that cannot start.
 */
export class RequestThread<Request, Answer extends { readonly kind: string }> {
  private thread?: Promise<Worker>;
  private inFlight?: {
    readonly thread: Worker;
    readonly resolve: (answer: Answer) => void;
    readonly reject: (error: Error) => void;
  };

  constructor(
    /** Called for each thread started: what it starts with. */
    private readonly start: () => RequestThreadStart<Answer>,
    private readonly lost: (why: string) => Error,
  ) {}

  /** Sends a request once none is in flight (the caller waits for the one before). */
  async request(request: Request): Promise<Answer> {
    this.thread ??= this.spawn();
    const thread = await this.thread;
    return new Promise<Answer>((resolve, reject) => {
      this.inFlight = { thread, resolve, reject };
      thread.ref();
      thread.postMessage(request);
    });
  }

  /** Asks the thread, if one runs, to finish and exit; the next request starts another. */
  async stop(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    await closeStoreThread(thread);
  }

  private spawn(): Promise<Worker> {
    const spawned: Promise<Worker> = spawnStoreThread<Answer>({
      ...this.start(),
      answered: (answer, worker) => {
        const inFlight = this.inFlight;
        if (inFlight?.thread !== worker) return;
        this.inFlight = undefined;
        worker.unref();
        inFlight.resolve(answer);
      },
      stopped: (why, worker) => {
        if (this.thread === spawned) this.thread = undefined;
        const inFlight = this.inFlight;
        if (inFlight?.thread !== worker) return;
        this.inFlight = undefined;
        inFlight.reject(this.lost(why));
      },
    });
    return spawned;
  }
}
