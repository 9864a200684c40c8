/**
 * Refuses, right after parsing, a JSON body nested too deep or holding too many values, and
 * bodies or query strings keyed by Object.prototype's member names.
 */

import type { FastifyInstance } from 'fastify';
import { ApiError } from './api.error.js';

/**
 * The deepest a command's body nests: the framework of an opened cycle is the deepest, at six
 * levels (body, framework, contents, content, criteria, criterion).
 */
export const MAX_BODY_DEPTH = 16;
/**
 * Values a body may hold in all. A full framework (20 contents, 200 criteria) is about 1,100;
 * a body of 1 MiB could otherwise hold 500,000 tiny values, each validated and reported on.
 */
export const MAX_BODY_VALUES = 10_000;
/**
 * Keys no command or query has, and which the validation reads as something else: `__proto__`
 * as the prototype, `constructor` as the class a DTO is validated as, and every other member of
 * Object.prototype (`hasOwnProperty`, `toString`...) as a declared field, since class-validator
 * looks unknown fields up in a plain object, so they passed `forbidNonWhitelisted`.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** Why a query string is refused before validation reads it, or undefined. */
export function queryShapeDefect(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const reserved = Object.keys(query).find((key) => RESERVED_KEYS.has(key));
  return reserved === undefined ? undefined : `the query must not have a parameter named ${reserved}`;
}

/** Why a parsed body is refused before anything walks it recursively, or undefined. */
export function bodyShapeDefect(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object';
  // An explicit stack: the body may be nested far deeper than the call stack allows.
  const pending: { value: unknown; depth: number }[] = [{ value: body, depth: 1 }];
  let values = 0;
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (++values > MAX_BODY_VALUES) return `the body holds more than ${MAX_BODY_VALUES} values`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH) return `the body nests deeper than ${MAX_BODY_DEPTH} levels`;
    if (Array.isArray(value)) {
      if (values + value.length > MAX_BODY_VALUES)
        return `the body holds more than ${MAX_BODY_VALUES} values`;
      for (const item of value) pending.push({ value: item, depth: depth + 1 });
    } else {
      for (const key of Object.keys(value)) {
        if (RESERVED_KEYS.has(key)) return `the body must not have a field named ${key}`;
        pending.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Command bodies are JSON objects of bounded depth and size, and neither bodies nor query strings
 * use Object.prototype's member names as keys. Checked right after parsing, before
 * the handler: the idempotency key's hash, class-transformer and the event store's canonical
 * JSON all recurse into the body, and a body nested 20,000 deep overflows their stacks.
 * Bodies of other media types (file uploads) have their own parsers and are left alone.
 */
export function registerBodyShape(fastify: FastifyInstance): void {
  // Fastify parses text/plain into a string by default; no endpoint takes one, so such a body
  // is refused as an unsupported media type (415) like any other.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('preValidation', async (request) => {
    const queryDefect = queryShapeDefect(request.query);
    if (queryDefect !== undefined) throw ApiError.validationFailed({ query: [queryDefect] }, queryDefect);
    const { body } = request;
    if (body === undefined || isOtherMedia(body)) return;
    const defect = bodyShapeDefect(body);
    if (defect !== undefined) throw ApiError.validationFailed({ body: [defect] }, defect);
  });
}

/** A body a non-JSON parser produced (a Buffer, a stream): not this check's business. */
function isOtherMedia(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const proto: unknown = Object.getPrototypeOf(body);
  return proto !== Object.prototype && proto !== null;
}
