/**
 * The processes' pino settings, one place for all of them (the API's Fastify logger, the
 * projector's): JSON lines at LOG_LEVEL, human-readable through pino-pretty when stdout is a
 * terminal, and secrets redacted wherever they appear in a line's object (secret-redaction.ts).
 *
 * JSON lines go to stdout without blocking the event loop: a line is handed to the kernel at once
 * when no write is under way, and the lines logged meanwhile go together in the next write. A
 * synchronous write per line cost the API about 4% of its event loop under load (README, "Figures,
 * 2026-12-05 (issue 17, eleventh pass)"). pino writes what is still queued synchronously when the
 * process exits (process.exit, an uncaught exception, the end of the loop), so only a process
 * killed outright (SIGKILL, a power cut) can lose the lines of its last write.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { withoutSecrets } from './secret-redaction.js';

/** Where a logger's lines go: a stream, or pino's own writer to a descriptor or file. */
export type LogDestination = DestinationStream;

export interface LogSettings {
  /** pino's level: fatal, error, warn, info, debug, trace or silent. */
  readonly level: string;
  /** Where the lines go; stdout by default, pretty-printed when it is a terminal. */
  readonly destination?: LogDestination;
}

/** pino's options and the stream the lines go to. */
export function pinoSettings({ level, destination }: LogSettings): {
  readonly options: LoggerOptions;
  readonly stream: DestinationStream;
} {
  return {
    options: {
      level,
      // Every line's object, before pino serializes it.
      formatters: { log: (object) => withoutSecrets(object) },
    },
    stream:
      destination ??
      (process.stdout.isTTY ? pretty({ colorize: true, translateTime: 'SYS:standard' }) : stdoutLines()),
  };
}

let stdout: DestinationStream | undefined;

/**
 * The process's one asynchronous stream of lines to stdout, shared by its loggers: two of them
 * writing to the same descriptor on their own could interleave a long line's pieces.
 */
function stdoutLines(): DestinationStream {
  stdout ??= asynchronousLines(1);
  return stdout;
}

/**
 * Lines to a file descriptor or a file, written as the processes write them to stdout: without
 * blocking, each write carrying the lines logged while the previous one was under way, and what
 * is queued written synchronously when the process exits.
 */
export function asynchronousLines(dest: number | string): DestinationStream {
  return pino.destination({ dest, sync: false });
}

/** A process's root logger (the API's is Fastify's, built from the same settings). */
export function processLogger(settings: LogSettings): Logger {
  const { options, stream } = pinoSettings(settings);
  return pino(options, stream);
}
