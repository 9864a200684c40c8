/**
 * Global guard: every route needs a valid bearer token unless it
 * is marked @Public(), and one of the roles its @Roles() names.
 */

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';
import { bearerToken, verifiedBefore } from '../http/bearer-principal.js';
import { ACCEPTS_QUERY_TOKEN, IS_PUBLIC, REQUIRED_ROLES, type Role } from './auth.decorators.js';
import { TokenVerifier } from './token.verifier.js';

/** What a route's decorators require of its caller. */
interface RouteAccess {
  readonly isPublic: boolean;
  readonly roles?: readonly Role[];
  readonly acceptsQueryToken: boolean;
}

@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Decorators are fixed once the application is built, so each route's access is read from
   * its metadata once instead of on every request. Keyed by controller, then handler: a method
   * inherited by two controllers may answer to different class-level roles.
   */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles, acceptsQueryToken } = this.routeAccess(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request) ?? (acceptsQueryToken ? queryToken(request) : undefined);
    if (token === undefined) throw ApiError.unauthenticated('an Authorization: Bearer token is required');
    const actor = verifiedBefore(request, token) ?? (await this.verifier.verify(token));
    request.actor = actor;

    if (roles !== undefined && !roles.includes(actor.role)) {
      throw ApiError.forbidden(`role ${actor.role} may not do this`);
    }
    return true;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    let routes = this.access.get(controller);
    if (routes === undefined) this.access.set(controller, (routes = new WeakMap()));
    let access = routes.get(handler);
    if (access === undefined) {
      const targets = [handler, controller];
      const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        acceptsQueryToken: this.reflector.get<boolean>(ACCEPTS_QUERY_TOKEN, handler) === true,
        ...(roles !== undefined ? { roles } : {}),
      };
      routes.set(handler, access);
    }
    return access;
  }
}

/** `?access_token=` of a route that accepts it (one value, not empty). */
function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
