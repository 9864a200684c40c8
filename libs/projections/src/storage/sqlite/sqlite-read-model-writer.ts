/**
 * Who runs the SQLite read models' write transactions: the store's own connection on the event
 * loop (`InlineReadModelWriter`), or a worker thread owning a write connection of its own
 * (`ThreadReadModelWriter`), so that grouping the audit entries, the upserts of the documents
 * and COMMIT run while the event loop goes on answering requests. In the API, a commit of the 50
 * blocs' read models held the loop for tens of ms (bench/FIGURES.md, "Figures, 2026-12-05 (issue 17,
 * eleventh pass)").
 *
 * What crosses to the thread is plain data: the documents already serialized (JSON, on the
 * loop, in slices), the audit entries in columns, the checkpoints. The thread keeps what the
 * audit index caches (term ids, the lists' last chunks); whoever changes the lists otherwise
 * (the store's reset and absorb) suspends the writer first.
 *
 * If the thread dies with a commit in flight, that commit's outcome is unknown (COMMIT may or
 * may not have happened): it rejects with WriterThreadStoppedError, and the projector does what
 * it does after any failed commit, resuming from the stored checkpoints, which say which it was.
 * The next commit starts a new thread.
 */
import { RequestThread, threadModule } from '@app/event-store/sqlite';
import { AuditEntryBuffer, type AuditColumns } from '../../audit/audit-entry-buffer.js';
import { CheckpointConflictError, ReadModelsMovedError } from '../../projection.errors.js';
import type { SerializedCommit, SqliteReadModelWrites } from './sqlite-read-model-writes.js';

/** What the store's reset and absorb leave of the audit index's lists. */
export type ListsChange = 'cleared' | 'replaced';

export interface ReadModelWriter {
  /** Stores the commit whole or not at all (see SqliteReadModelWrites.commit). */
  write(commit: SerializedCommit): Promise<void>;
  /** Before the store changes the audit index's lists itself: finishes what it was sent. */
  suspend(): Promise<void>;
  /** Once that change is committed: forgets what it knew of the lists. */
  resume(change: ListsChange): void;
  close(): Promise<void>;
}

/** The transaction on the store's own connection, sharing its audit index. */
export class InlineReadModelWriter implements ReadModelWriter {
  constructor(
    private readonly writes: SqliteReadModelWrites,
    private readonly listsChanged: (change: ListsChange) => void,
  ) {}

  async write(commit: SerializedCommit): Promise<void> {
    this.writes.commit(commit);
  }

  async suspend(): Promise<void> {
    // Nothing is in flight between two calls on the thread.
  }

  resume(change: ListsChange): void {
    this.listsChanged(change);
  }

  async close(): Promise<void> {
    // The store closes the connection.
  }
}

/** Faults the specs inject: the thread exits just before or just after its COMMIT, answering nothing. */
export type ReadModelWriterFault = 'exit-before-commit' | 'exit-after-commit';

/** What the thread opens (see sqlite-read-model-writer.worker.ts). */
export interface WriterThreadData {
  readonly file: string;
  readonly auditShard: number;
  readonly cacheMiB: number;
  /** Every list absent from what the thread learns is empty (right after a reset). */
  readonly listsEmpty: boolean;
}

export type WriterRequest =
  | {
      readonly kind: 'commit';
      readonly checkpoints: SerializedCommit['checkpoints'];
      readonly documents: SerializedCommit['documents'];
      readonly audit: AuditColumns;
      readonly fault?: ReadModelWriterFault;
    }
  | { readonly kind: 'close' };

/** A commit's failure as it crosses back: enough to throw the same error on this side. */
export interface FailureOnWire {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly projection?: string;
  readonly expected?: number;
}

export type WriterAnswer =
  { readonly kind: 'committed' } | ({ readonly kind: 'failed' } & FailureOnWire) | { readonly kind: 'ready' };

/** A commit's failure, for the wire. */
export function failureOnWire(error: unknown): FailureOnWire {
  if (error instanceof CheckpointConflictError) {
    return {
      name: error.name,
      message: error.message,
      projection: error.projection,
      expected: error.expected,
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The error a failure on the wire stands for: the projector tells conflicts apart by their class. */
export function errorOfFailure(failure: FailureOnWire): Error {
  if (failure.name === 'CheckpointConflictError' && failure.projection !== undefined)
    return new CheckpointConflictError(failure.projection, failure.expected ?? 0);
  if (failure.name === 'ReadModelsMovedError') return new ReadModelsMovedError(failure.message);
  return Object.assign(new Error(failure.message), failure.code === undefined ? {} : { code: failure.code });
}

/** The writer thread stopped with a commit in flight: whether that commit was stored is unknown. */
export class WriterThreadStoppedError extends Error {
  constructor(why: string) {
    super(
      `the read models' writer thread stopped during a commit (${why}): whether it was stored is unknown; ` +
        'the projector resumes from the stored checkpoints',
    );
    this.name = 'WriterThreadStoppedError';
  }
}

export interface ThreadReadModelWriterOptions {
  readonly file: string;
  readonly auditShard: number;
  readonly cacheMiB: number;
  /** Chooses a fault for each commit (specs only). */
  readonly faults?: () => ReadModelWriterFault | undefined;
}

export class ThreadReadModelWriter implements ReadModelWriter {
  private readonly thread: RequestThread<WriterRequest, WriterAnswer>;
  /** The commit sent last, settled or not: the next waits for it. */
  private previous: Promise<void> = Promise.resolve();
  private listsEmpty = false;
  private closed = false;

  /** The thread starts with the first commit: a store opened only to read runs none. */
  constructor(private readonly options: ThreadReadModelWriterOptions) {
    this.thread = new RequestThread(
      () => {
        const workerData: WriterThreadData = {
          file: options.file,
          auditShard: options.auditShard,
          cacheMiB: options.cacheMiB,
          listsEmpty: this.listsEmpty,
        };
        // Only the first thread after a reset may take every list it does not know for empty.
        this.listsEmpty = false;
        return {
          module: threadModule(import.meta.url, './sqlite-read-model-writer.worker'),
          name: "read models' writer",
          workerData,
        };
      },
      (why) => new WriterThreadStoppedError(why),
    );
  }

  write(commit: SerializedCommit): Promise<void> {
    const request: WriterRequest = {
      kind: 'commit',
      checkpoints: commit.checkpoints,
      documents: commit.documents,
      audit: AuditEntryBuffer.columnsOf(commit.auditEntries),
      fault: this.options.faults?.(),
    };
    const sent = this.previous.catch(() => undefined).then(() => this.send(request));
    this.previous = sent;
    return sent;
  }

  async suspend(): Promise<void> {
    await this.previous.catch(() => undefined);
    await this.thread.stop();
  }

  resume(change: ListsChange): void {
    // The next thread starts knowing nothing of the lists, or that they are all empty.
    this.listsEmpty = change === 'cleared';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.previous.catch(() => undefined);
    await this.thread.stop();
  }

  private async send(request: WriterRequest): Promise<void> {
    if (this.closed) throw new Error("the read models' writer is closed");
    const answer = await this.thread.request(request);
    if (answer.kind === 'failed') throw errorOfFailure(answer);
  }
}
