/**
 * Who sent a command, when, and as part of what, taken from the request; its id under an
 * Idempotency-Key; and the metadata the domain command carries.
 */

import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, CommandMetadata } from '@app/domain';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';

/**
 * Who sent a command, when, and as part of what: everything the events it causes record
 * besides their data. The domain never reads a clock, so `at` is taken here, once per request.
 */
export interface CommandOrigin {
  readonly actor: Actor;
  /** When the request arrived (ISO-8601, UTC). */
  readonly at: string;
  readonly correlationId: string;
  /** The command's own id: every event it writes names it as its cause. */
  readonly causationId: string;
}

/** The origin of the command the current request carries. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): CommandOrigin => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request.actor === undefined) throw ApiError.unauthenticated('no authenticated principal');
  return {
    actor: request.actor,
    at: new Date().toISOString(),
    correlationId: request.correlationId,
    causationId: request.commandId ?? randomUUID(),
  };
});

/**
 * The id of a command sent with an `Idempotency-Key`: derived from the principal, the key and
 * the request, so that a retry carries the id the first attempt gave its events, and the
 * write side can find what that attempt wrote (see EventStreams) when its answer was lost. A
 * UUID of version 8 (custom), which random command ids (version 4) never are.
 */
export function keyedCommandId(principal: string, key: string, requestHash: string): string {
  const hex = createHash('sha256')
    .update(JSON.stringify([principal, key, requestHash]))
    .digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const KEYED_COMMAND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Where a UUID's version digit is: '8' for a keyed command id, '4' for a random one. */
const VERSION_AT = 14;

/**
 * Whether a command id was derived by keyedCommandId. Asked three times a command: a random id
 * is told apart by its version digit before the pattern runs.
 */
export function isKeyedCommandId(id: string): boolean {
  return id.length === 36 && id.charCodeAt(VERSION_AT) === 0x38 && KEYED_COMMAND_ID.test(id);
}

/** The metadata a domain command carries: the actor, the time and, where given, the reason. */
export function commandMetadata(origin: CommandOrigin, reason?: string): CommandMetadata {
  return reason === undefined
    ? { actor: origin.actor, at: origin.at }
    : { actor: origin.actor, at: origin.at, reason };
}
