/**
 * What a route asks of its caller: @Public(), @Roles(...),
 * and @CurrentActor() for the authenticated principal.
 */

import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@app/domain';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';

export type Role = Actor['role'];
export const ROLES: readonly Role[] = ['board', 'unit', 'auditor'];

export const IS_PUBLIC = Symbol('IS_PUBLIC');
export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

export const ACCEPTS_QUERY_TOKEN = Symbol('ACCEPTS_QUERY_TOKEN');

/**
 * The route also takes its bearer token as `?access_token=`: a browser's EventSource sets no
 * headers. Only for streams, so tokens stay out of URLs elsewhere.
 */
export const AcceptsQueryToken = (): MethodDecorator => SetMetadata(ACCEPTS_QUERY_TOKEN, true);

/** The route answers without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Only principals with one of these roles pass the guard. Finer rules (own unit, this year's
 * leader or deputy) depend on the record and are the domain's to check.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated principal of the request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  // Reaching a handler without an actor means the route is @Public(); reading one there is a bug.
  if (actor === undefined) throw ApiError.unauthenticated('no authenticated principal');
  return actor;
});
