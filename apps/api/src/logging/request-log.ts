/**
 * One log line per request, once answered: method, path (a token in the query string
 * redacted), route, status, duration, the error code of a refusal, the principal and the
 * command (request-log-context.ts); the correlation id comes with the request's logger. The health
 * probes, which orchestrators call every few seconds, log at debug.
 */
import type { FastifyInstance } from 'fastify';
import { REQUEST_LOG_MESSAGE } from '@app/runtime';
import { requestLogFields } from './request-log-context.js';

const TOKEN_IN_QUERY = /([?&](?:access_token|token)=)[^&]*/gi;
/** pino's levels above info: a request's line below 500 (info, or debug) goes out at none of them. */
const LEVELS_WITHOUT_INFO: ReadonlySet<string> = new Set(['warn', 'error', 'fatal', 'silent']);

export function registerRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (request, reply) => {
    // Below 500 the line goes out at info or debug: not built at all when info is off
    // (LOG_LEVEL=warn keeps failures only), as it costs a regex over the URL and the context.
    if (reply.statusCode < 500 && LEVELS_WITHOUT_INFO.has(request.log.level)) return;
    const route = request.routeOptions.url;
    const line = {
      method: request.method,
      url: request.url.replace(TOKEN_IN_QUERY, '$1[redacted]'),
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      ...(request.errorCode === undefined ? {} : { code: request.errorCode }),
      ...requestLogFields(request),
    };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else if (route?.startsWith('/api/health')) request.log.debug(line, REQUEST_LOG_MESSAGE);
    else request.log.info(line, REQUEST_LOG_MESSAGE);
  });
}
