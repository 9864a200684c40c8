import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';
import { IS_PUBLIC, REQUIRED_ROLES, type Role } from './auth.decorators.js';
import { TokenVerifier } from './token.verifier.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Global guard: every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (match === null) throw ApiError.unauthenticated('an Authorization: Bearer token is required');
    const actor = await this.verifier.verify(match[1]!);
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles !== undefined && !roles.includes(actor.role)) {
      throw ApiError.forbidden(`role ${actor.role} may not do this`);
    }
    return true;
  }
}
