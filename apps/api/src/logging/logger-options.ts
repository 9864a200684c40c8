/**
 * Fastify's pino, configured once: JSON lines at LOG_LEVEL (human-readable through pino-pretty
 * when stdout is a terminal), the request's correlation id as Fastify's request id (on every
 * line written through `request.log`), and secrets redacted wherever they appear.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import pretty from 'pino-pretty';
import { type FastifyServerOptions, LogController } from 'fastify';
import { CORRELATION_ID, CORRELATION_ID_HEADER } from '../http/request-context.js';

/**
 * Where a token or a secret could sit in a logged object. Our own lines never log headers or
 * bodies; these catch whatever else does (an error carrying a request, a configuration).
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.authorization',
  'secret',
  '*.secret',
  '*.*.secret',
  'token',
  '*.token',
  'authSecret',
  '*.authSecret',
  'auditSigningKey',
  '*.auditSigningKey',
  'password',
  '*.password',
];

export interface LoggerSettings {
  /** pino's level: fatal, error, warn, info, debug, trace or silent. */
  readonly level: string;
  /** Where the lines go; stdout by default, pretty-printed when it is a terminal. */
  readonly destination?: Writable;
}

/** A correlation id the client may choose, or a fresh one; never an unchecked header in the log. */
function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_ID_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

export function loggerOptions({
  level,
  destination,
}: LoggerSettings): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  const stream =
    destination ??
    (process.stdout.isTTY ? pretty({ colorize: true, translateTime: 'SYS:standard' }) : undefined);
  return {
    logger: {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(stream === undefined ? {} : { stream }),
    },
    genReqId: correlationIdOf,
    // One line per request, written by request-log.ts once it is answered, instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'correlationId', disableRequestLogging: true }),
  };
}
