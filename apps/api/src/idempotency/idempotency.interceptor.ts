/**
 * Idempotency-Key: a command repeated with the same key
 * and body gets the first answer again and writes nothing.
 */

import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ApiError } from '../http/api.error.js';
import { keyedCommandId } from '../write/command-origin.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.port.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A command repeated with the same `Idempotency-Key` (same principal, method, path and body)
 * gets the first answer again and writes nothing. Only successful answers are recorded, after
 * the append, so a refused command may be retried with the same key. Should the process stop
 * between the append and the record, the retry carries the same command id, and the write
 * side answers it from the events the first attempt wrote.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined || !WRITE_METHODS.has(request.method)) return next.handle();
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw ApiError.validationFailed({
        [IDEMPOTENCY_KEY_HEADER]: ['must be 1..255 visible ASCII characters'],
      });
    }
    const principal = request.actor?.sub;
    // Keys belong to a principal; a public route has none to scope them by.
    if (principal === undefined) return next.handle();

    const reply = http.getResponse<FastifyReply>();
    const requestHash = hashRequest(request);
    const statusCode = routeStatus(context, request.method);
    return from(
      this.store.exclusive(principal, key, async (held) => {
        const earlier = await held.find();
        if (earlier !== undefined) {
          if (earlier.requestHash !== requestHash) {
            throw new ApiError(
              422,
              'IDEMPOTENCY_KEY_REUSED',
              'this Idempotency-Key was already used for another request',
            );
          }
          void reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
          return earlier.body;
        }
        // The command's id follows from the key: a retry whose first attempt wrote its events
        // but lost its answer (the process stopped before saving it) is found by the write side.
        request.commandId = keyedCommandId(principal, key, requestHash);
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await held.save({ requestHash, statusCode, body });
        return body;
      }),
    );
  }
}

/** The status the route answers with on success (Nest applies it after the interceptors). */
function routeStatus(context: ExecutionContext, method: string): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
  return declared ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
}

function hashRequest(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    // An uploaded file (a Buffer body) is hashed as bytes: walking its keys would take minutes.
    .update(Buffer.isBuffer(request.body) ? request.body : canonicalJson(request.body ?? {}))
    .digest('base64url');
}

/** JSON with object keys sorted, so that the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
