/**
 * Fastify's pino, configured once: JSON lines at LOG_LEVEL (human-readable through pino-pretty
 * when stdout is a terminal), the request's correlation id as Fastify's request id (on every
 * line written through `request.log`), and secrets redacted wherever they appear.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type LogSettings, pinoSettings, withoutSecrets } from '@app/runtime';
import { type FastifyServerOptions, LogController } from 'fastify';
import { CORRELATION_ID, CORRELATION_ID_HEADER } from '../http/request-context.js';

/** A correlation id the client may choose, or a fresh one; never an unchecked header in the log. */
function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_ID_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

export function loggerOptions(
  settings: LogSettings,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController' | 'childLoggerFactory'> {
  const { options, stream } = pinoSettings(settings);
  return {
    logger: { ...options, stream },
    // A request's logger binds its correlation id, and nothing else unredacted.
    childLoggerFactory: (logger, bindings, options) => logger.child(withoutSecrets(bindings), options),
    genReqId: correlationIdOf,
    // One line per request, written by request-log.ts once it is answered, instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'correlationId', disableRequestLogging: true }),
  };
}
