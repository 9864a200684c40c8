/**
 * What a request carries besides its body (principal, correlation id, command id), and the hook
 * that takes or makes its X-Correlation-Id.
 */

import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/domain';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api.error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated principal, set by the auth guard. */
    actor?: Actor;
    /** Ties together every event a client's action causes, across requests. */
    correlationId: string;
    /**
     * The id of the command this request carries, where it is derived rather than random (a
     * command sent with an `Idempotency-Key`; see keyedCommandId).
     */
    commandId?: string;
  }
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's `X-Correlation-Id` or makes one, and echoes it on every answer (errors
 * included), so a client can find the events its request wrote in the audit log.
 */
export function registerCorrelationId(fastify: FastifyInstance): void {
  fastify.decorateRequest('correlationId', '');
  fastify.addHook('onRequest', async (request, reply) => {
    const given = request.headers[CORRELATION_ID_HEADER];
    // Fastify's request id is the same id when the header is valid, a fresh UUID otherwise (logger-options.ts).
    const correlationId = typeof given === 'string' ? given : request.id || randomUUID();
    request.correlationId = correlationId;
    void reply.header(CORRELATION_ID_HEADER, correlationId);
    if (!CORRELATION_ID.test(correlationId)) {
      throw ApiError.validationFailed({
        [CORRELATION_ID_HEADER]: ['must be 1..128 characters of A-Z a-z 0-9 . _ : -'],
      });
    }
  });
}
