/**
 * Keeps the error code of a refused request on the request (`request.errorCode`), read from the
 * JSON error body the exception filter wrote, so the request log and the metrics can say why.
 *
 * A synchronous hook (it calls `done`), as every `onSend` hook of the API is when it has nothing
 * to wait for: with an asynchronous one, no answer was written by the time Nest's router got
 * Fastify's reply back, and Nest then awaited the reply, a thenable that waits for the response
 * to finish through end-of-stream listeners on it, for every request (bench/FIGURES.md, "Figures,
 * 2026-12-06 (issue 17, fourteenth pass)").
 */
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The `code` of the error answer, when the request was refused. */
    errorCode?: string;
  }
}

export function registerErrorCode(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      try {
        const { code } = JSON.parse(payload) as { code?: unknown };
        if (typeof code === 'string') request.errorCode = code;
      } catch {
        // Not a JSON error body (it is not ours to read then).
      }
    }
    done(null, payload);
  });
}
