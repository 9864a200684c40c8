/**
 * Walks the SQLite store's hash chain in a worker thread with a read-only connection of its own,
 * so that checking events (parse, canonical JSON, SHA-256: 10–20 µs each) does not hold the
 * event loop: the API's head signer walks what the log gained every second beside the requests
 * it serves (2.5–3% of the busy bloc's loop, 2026-12-05), and `GET /api/audit/verify` walks a
 * whole log (15 s per million events).
 *
 * The thread starts with the first walk and stays (unreferenced while idle, so it keeps no
 * process alive). A thread that dies fails the walks it had and the next walk starts another.
 */
import type { Worker } from 'node:worker_threads';
import type { ChainWalk, VerifyIntegrityOptions } from '../event-store.port.js';
import { closeStoreThread, spawnStoreThread } from './sqlite-store-thread.js';

/** The options of one walk, as they cross to the thread. */
interface WalkOptions {
  readonly keep?: readonly number[];
  readonly from?: VerifyIntegrityOptions['from'];
  readonly through?: number;
}

export type VerifierRequest =
  { readonly kind: 'walk'; readonly id: number; readonly options: WalkOptions } | { readonly kind: 'close' };

export type VerifierAnswer =
  | { readonly kind: 'ready' }
  | { readonly kind: 'walked'; readonly id: number; readonly walk: ChainWalk }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/**
 * The thread's heap: a walk holds one page of events (VERIFY_PAGE_EVENTS) and the links it
 * keeps, so a small young generation serves it, and the API's resident memory grows by less
 * (V8's default lets a young generation reach 16 MiB per semi-space).
 */
const VERIFIER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

interface PendingWalk {
  readonly resolve: (walk: ChainWalk) => void;
  readonly reject: (error: Error) => void;
}

export class ThreadChainVerifier {
  private thread?: Promise<Worker>;
  private readonly pending = new Map<number, PendingWalk>();
  private lastId = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly execArgv?: readonly string[],
  ) {}

  async verify(options: VerifyIntegrityOptions): Promise<ChainWalk> {
    if (this.closed) throw new Error('the event store is closed');
    const thread = await this.running();
    const walk: WalkOptions = {
      ...(options.keep === undefined ? {} : { keep: [...options.keep] }),
      ...(options.from === undefined
        ? {}
        : { from: { position: options.from.position, hash: options.from.hash } }),
      ...(options.through === undefined ? {} : { through: options.through }),
    };
    return new Promise<ChainWalk>((resolve, reject) => {
      const id = ++this.lastId;
      this.pending.set(id, { resolve, reject });
      thread.ref();
      thread.postMessage({ kind: 'walk', id, options: walk } satisfies VerifierRequest);
    });
  }

  /** Waits for the walks asked for, then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeStoreThread(this.thread);
  }

  private running(): Promise<Worker> {
    this.thread ??= this.spawn();
    return this.thread;
  }

  private spawn(): Promise<Worker> {
    const spawned: Promise<Worker> = spawnStoreThread<Exclude<VerifierAnswer, { kind: 'ready' }>>({
      module: 'sqlite-verifier.worker',
      name: 'chain verifier',
      workerData: { file: this.file },
      execArgv: this.execArgv,
      resourceLimits: VERIFIER_HEAP,
      answered: (answer, worker) => {
        const walk = this.pending.get(answer.id);
        if (walk === undefined) return;
        this.pending.delete(answer.id);
        if (this.pending.size === 0) worker.unref();
        if (answer.kind === 'walked') walk.resolve(answer.walk);
        else walk.reject(new Error(answer.message));
      },
      stopped: (why) => {
        if (this.thread === spawned) this.thread = undefined;
        for (const [id, walk] of this.pending) {
          this.pending.delete(id);
          walk.reject(new Error(`the SQLite chain verifier thread stopped during a walk: ${why}`));
        }
      },
    });
    return spawned;
  }
}
