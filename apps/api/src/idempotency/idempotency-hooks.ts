/**
 * Idempotency-Key: a command repeated with the same key and body gets the first answer again
 * and writes nothing.
 *
 * Fastify hooks around Nest's handler rather than a Nest interceptor: a global interceptor puts
 * every request of every route through Nest's rxjs chain (about 6% of the API's time under a
 * busy bloc's load, measured), while these hooks cost a header lookup on a request without a
 * key. The key is held from `preHandler` (after the body is parsed) until `onSend` (the answer
 * serialised, not yet written), so the record is durable before the client reads the answer.
 */

import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/event-store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMultipartUpload, multipartFile } from '../documents/uploads.js';
import { ApiError } from '../http/api.error.js';
import { bearerPrincipal, type PrincipalVerifier } from '../http/bearer-principal.js';
import { keyedCommandId } from '../write/command-origin.js';
import type { HeldKey, IdempotencyStore } from '@app/runtime';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A key held for a request whose command runs: what its answer is recorded with. */
interface Hold {
  readonly held: HeldKey;
  readonly requestHash: string;
  /** Lets the store's `exclusive` return, which frees the key. */
  release(): void;
  /** Settles when the store has freed the key (rejects if holding or freeing it failed). */
  readonly done: Promise<void>;
}

/**
 * A command repeated with the same `Idempotency-Key` (same principal, method, path and body)
 * gets the first answer again and writes nothing. Only successful answers are recorded, before
 * they are sent, so a refused command may be retried with the same key. Should the process
 * stop between the append and the record, the retry carries the same command id, and the write
 * side answers it from the events the first attempt wrote.
 *
 * The principal is the bearer token's (verified here as the rate limit does; the auth guard
 * still refuses a request without a valid token, or with a role the route does not admit).
 * Registered before Nest adds its routes.
 */
export function registerIdempotency(
  fastify: FastifyInstance,
  store: IdempotencyStore,
  verifier: PrincipalVerifier,
): void {
  const holds = new WeakMap<FastifyRequest, Hold>();

  fastify.addHook('preHandler', async (request, reply) => {
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined || !WRITE_METHODS.has(request.method)) return;
    const principal = (await bearerPrincipal(request, verifier))?.sub;
    // Keys belong to a principal: without a valid token the guard answers 401.
    if (principal === undefined) return;
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw ApiError.validationFailed({
        [IDEMPOTENCY_KEY_HEADER]: ['must be 1..255 visible ASCII characters'],
      });
    }
    const requestHash = await hashRequest(request);
    const hold = await holdKey(store, principal, key, requestHash);
    try {
      const earlier = await hold.held.find();
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          throw new ApiError(
            422,
            'IDEMPOTENCY_KEY_REUSED',
            'this Idempotency-Key was already used for another request',
          );
        }
        await free(hold);
        return reply.code(earlier.statusCode).header(IDEMPOTENT_REPLAY_HEADER, 'true').send(earlier.body);
      }
    } catch (error) {
      await free(hold).catch(() => undefined);
      throw error;
    }
    // The command's id follows from the key: a retry whose first attempt wrote its events but
    // lost its answer (the process stopped before saving it) is found by the write side.
    request.commandId = keyedCommandId(principal, key, requestHash);
    holds.set(request, hold);
  });

  // Synchronous when the request holds no key (error-code.ts says why): most commands.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const hold = holds.get(request);
    if (hold === undefined) {
      done(null, payload);
      return;
    }
    holds.delete(request);
    recordAnswer(hold, reply, payload).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  });

  // Every answer passes onSend; should one not (a failure inside Fastify), the key is freed
  // once the request is over rather than held for good.
  fastify.addHook('onResponse', async (request) => {
    const hold = holds.get(request);
    if (hold === undefined) return;
    holds.delete(request);
    await free(hold).catch(() => undefined);
  });
}

const NOT_RECORDED = Symbol('not recorded');

/** Records a successful answer under the request's key, then frees the key (whatever happened). */
async function recordAnswer(hold: Hold, reply: FastifyReply, payload: unknown): Promise<void> {
  try {
    const body = recordableBody(reply, payload);
    if (body !== NOT_RECORDED)
      await hold.held.save({ requestHash: hold.requestHash, statusCode: reply.statusCode, body });
  } finally {
    await free(hold);
  }
}

/** The answer's body as it is replayed: successful JSON answers only. */
function recordableBody(reply: FastifyReply, payload: unknown): unknown {
  if (reply.statusCode < 200 || reply.statusCode >= 300) return NOT_RECORDED;
  if (payload === undefined || payload === null || payload === '') return undefined;
  const type = String(reply.getHeader('content-type') ?? '');
  if (typeof payload !== 'string' || !type.startsWith('application/json')) return NOT_RECORDED;
  return JSON.parse(payload) as unknown;
}

/** Holds the principal's key (waiting while another request holds it) until released. */
async function holdKey(
  store: IdempotencyStore,
  principal: string,
  key: string,
  requestHash: string,
): Promise<Hold> {
  let release!: () => void;
  const released = new Promise<void>((settle) => (release = settle));
  let holding!: (held: HeldKey) => void;
  let notHeld!: (error: unknown) => void;
  const heldKey = new Promise<HeldKey>((resolve, reject) => {
    holding = resolve;
    notHeld = reject;
  });
  const done = store.exclusive(principal, key, async (held) => {
    holding(held);
    await released;
  });
  // Failing before the key is held fails the request; after, `free` hears of it.
  done.catch(notHeld);
  return { held: await heldKey, requestHash, release, done };
}

async function free(hold: Hold): Promise<void> {
  hold.release();
  await hold.done;
}

/**
 * What tells two requests apart: method, path and body. An uploaded file is hashed as bytes
 * (walking a Buffer's keys would take minutes): a raw body as it is, and a multipart body by
 * its file (none: no bytes), read here once for the handler too (uploads.ts), so that the same
 * key with another file is refused rather than answered with the first file's result.
 */
async function hashRequest(request: FastifyRequest): Promise<string> {
  const body = isMultipartUpload(request)
    ? ((await multipartFile(request)) ?? Buffer.alloc(0))
    : Buffer.isBuffer(request.body)
      ? request.body
      : canonicalJson(request.body ?? {});
  return createHash('sha256').update(`${request.method} ${request.url}\n`).update(body).digest('base64url');
}
