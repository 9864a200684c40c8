/**
 * The processes' pino settings, one place for all of them (the API's Fastify logger, the
 * projector's): JSON lines at LOG_LEVEL, human-readable through pino-pretty when stdout is a
 * terminal, and secrets redacted wherever they appear in a line's object (secret-redaction.ts).
 */
import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { batchedStdout } from './batched-log-destination.js';
import { withoutSecrets } from './secret-redaction.js';

export interface LogSettings {
  /** pino's level: fatal, error, warn, info, debug, trace or silent. */
  readonly level: string;
  /** Where the lines go; stdout by default, in batches, or pretty-printed when it is a terminal. */
  readonly destination?: Writable | DestinationStream;
}

/** pino's options and the stream the lines go to. */
export function pinoSettings({ level, destination }: LogSettings): {
  readonly options: LoggerOptions;
  readonly stream: Writable | DestinationStream;
} {
  return {
    options: {
      level,
      // Every line's object, before pino serializes it.
      formatters: { log: (object) => withoutSecrets(object) },
    },
    stream:
      destination ??
      (process.stdout.isTTY ? pretty({ colorize: true, translateTime: 'SYS:standard' }) : batchedStdout()),
  };
}

/** A process's root logger (the API's is Fastify's, built from the same settings). */
export function processLogger(settings: LogSettings): Logger {
  const { options, stream } = pinoSettings(settings);
  return pino(options, stream);
}
