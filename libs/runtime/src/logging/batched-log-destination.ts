/**
 * Where the processes' JSON lines go by default (stdout, or a file): the API's request lines in
 * batches instead of one write(2) each. pino's own destination writes every line at once,
 * synchronously; at thousands of requests a second that write was more than half of what
 * logging a request cost the API's event loop (bench/FIGURES.md, "Figures, 2026-12-06"). A request's line
 * (REQUEST_LOG_MESSAGE, below warn) waits until LOG_BATCH_BYTES have gathered or LOG_BATCH_MS
 * have passed, whichever comes first. Every other line (Nest's, the projector's, a warning, a
 * failure) is written at once, with every line before it: the lines a process writes as it
 * stops are out before a signal it re-raises ends it (Nest's shutdown hooks do that, and no
 * 'exit' event runs then). What still waits is written when the process exits (an uncaught
 * exception included). Only a process killed outright (SIGKILL, the OOM killer) loses its last
 * LOG_BATCH_MS of request lines, never an event: the record is the event store. The writes are
 * SonicBoom's, as pino's are (pino.destination, synchronous, with its retries on EAGAIN and its
 * handling of a closed pipe).
 *
 * The lines wait here, in an array joined once per write, not in SonicBoom's buffer: SonicBoom
 * appends each line to its last string and measures that string's bytes on every write, which
 * flattens it, so a batch of n lines copied n²/2 lines' worth (about 4 KB per request line, 5% of
 * what the API allocated per command under the busy bloc).
 */
import pino, { type DestinationStream } from 'pino';

/** Bytes of lines that are written together (below SonicBoom's 16 KiB write). */
export const LOG_BATCH_BYTES = 8 * 1024;
/** The longest a line waits to be written. */
export const LOG_BATCH_MS = 100;
/** pino's number of the warn level: lines at it and above are written at once. */
const WARN = 40;
/** The message of the API's line per request (apps/api/src/logging/request-log.ts): the lines batched. */
export const REQUEST_LOG_MESSAGE = 'request';
/** pino hands a stream that carries this symbol each line's level (`lastLevel`) before the line. */
const PINO_METADATA = Symbol.for('pino.metadata');

export class BatchedLogDestination implements DestinationStream {
  /** Set by pino before each write: the level and the message of the line it writes. */
  lastLevel = 0;
  lastMsg: string | undefined;
  private readonly sonic: ReturnType<typeof pino.destination>;
  /** The lines waiting, in order, and their size in bytes. */
  private waiting: string[] = [];
  private waitingBytes = 0;
  /** Set while a request's line waits: writes it LOG_BATCH_MS later (none while nothing waits). */
  private timer?: NodeJS.Timeout;
  private readonly flushNow = (): void => this.flush();

  /** `dest`: a file descriptor (1, stdout, by default) or a file's path, appended to. */
  constructor(dest: number | string = 1) {
    this.sonic = pino.destination({ dest, sync: true });
    (this as unknown as Record<symbol, boolean>)[PINO_METADATA] = true;
    process.once('exit', this.flushNow);
  }

  write(line: string): void {
    this.waiting.push(line);
    this.waitingBytes += Buffer.byteLength(line);
    if (
      this.lastLevel >= WARN ||
      this.lastMsg !== REQUEST_LOG_MESSAGE ||
      this.waitingBytes >= LOG_BATCH_BYTES
    )
      this.flush();
    else this.timer ??= setTimeout(this.flushNow, LOG_BATCH_MS).unref();
  }

  /** Writes every waiting line now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const lines = this.waiting.join('');
    this.waiting = [];
    this.waitingBytes = 0;
    this.sonic.write(lines);
  }

  /** Writes what is waiting and stops (a path's file is closed; stdout and stderr stay open). */
  close(): void {
    process.off('exit', this.flushNow);
    this.flush();
    this.sonic.end();
  }
}

let stdout: BatchedLogDestination | undefined;

/** The process's one batched destination on stdout, made when first asked for. */
export function batchedStdout(): BatchedLogDestination {
  stdout ??= new BatchedLogDestination(1);
  return stdout;
}
