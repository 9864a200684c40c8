/**
 * Keeps the error code of a refused request on the request (`request.errorCode`), read from the
 * JSON error body the exception filter wrote, so the request log and the metrics can say why.
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The `code` of the error answer, when the request was refused. */
    errorCode?: string;
  }
}

export function registerErrorCode(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      try {
        const { code } = JSON.parse(payload) as { code?: unknown };
        if (typeof code === 'string') request.errorCode = code;
      } catch {
        // Not a JSON error body (it is not ours to read then).
      }
    }
    return payload;
  });
}
