/**
 * The API's `onSend` hooks (the error code, the idempotency records) write an answer before
 * `reply.send()` returns when they have nothing to wait for. Nest's router awaits the Fastify
 * reply it sent, a thenable: an answer still in an asynchronous hook when `send()` returns made
 * it wait for the response to finish through end-of-stream listeners, on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Actor } from '@app/domain';
import { SqliteIdempotencyStore } from '@app/runtime';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  registerIdempotency,
} from '../idempotency/idempotency-hooks.js';
import { registerErrorCode } from './error-code.js';

describe("the API's onSend hooks", () => {
  let fastify: FastifyInstance;
  let store: SqliteIdempotencyStore;
  let dataDir: string;
  let base: string;
  /** Per path: whether the answer was written when reply.send() returned. */
  const writtenAtOnce = new Map<string, boolean>();
  let created = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'answer-hooks-'));
    store = new SqliteIdempotencyStore(dataDir);
    fastify = Fastify();
    registerErrorCode(fastify);
    const verifier = {
      verify: async (token: string): Promise<Actor> => ({ sub: token, role: 'board' }) as Actor,
    };
    registerIdempotency(fastify, store, verifier);
    fastify.post('/created', (request, reply) => {
      reply.code(201).send({ position: ++created, events: ['IndicatorReported'] });
      writtenAtOnce.set(request.url, reply.sent);
      return reply;
    });
    fastify.post('/refused', (request, reply) => {
      reply.code(422).send({ statusCode: 422, code: 'ROTATION', message: 'led more recently' });
      writtenAtOnce.set(request.url, reply.sent);
      return reply;
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const address = fastify.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await fastify.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer officer', ...headers },
      body: '{}',
    });

  it('writes an accepted answer before send() returns when the request holds no key', async () => {
    const answer = await post('/created');
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ position: 1, events: ['IndicatorReported'] });
    expect(writtenAtOnce.get('/created')).toBe(true);
  });

  it('writes a refusal at once too, its code kept for the log', async () => {
    const answer = await post('/refused');
    expect(answer.status).toBe(422);
    expect(writtenAtOnce.get('/refused')).toBe(true);
  });

  it('waits to record an answer under an Idempotency-Key, and replays it', async () => {
    const first = await post('/created', { [IDEMPOTENCY_KEY_HEADER]: 'answer-hooks-1' });
    expect(first.status).toBe(201);
    // The record is saved before the answer is written: send() returned before it was.
    expect(writtenAtOnce.get('/created')).toBe(false);
    const body: unknown = await first.json();
    const repeat = await post('/created', { [IDEMPOTENCY_KEY_HEADER]: 'answer-hooks-1' });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get(IDEMPOTENT_REPLAY_HEADER)).toBe('true');
    expect(await repeat.json()).toEqual(body);
  });
});
