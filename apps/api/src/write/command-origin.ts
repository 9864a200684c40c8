import { randomUUID } from 'node:crypto';
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
    causationId: randomUUID(),
  };
});

/** The metadata a domain command carries: the actor, the time and, where given, the reason. */
export function commandMetadata(origin: CommandOrigin, reason?: string): CommandMetadata {
  return reason === undefined
    ? { actor: origin.actor, at: origin.at }
    : { actor: origin.actor, at: origin.at, reason };
}
