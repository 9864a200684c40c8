/**
 * Global guard: a principal scoped to a province is refused with 403 on every route whose
 * `:blocId` is a bloc of another province.
 */

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ENTITY_ID } from '../http/validators.js';
import { BlocProvinces } from './bloc-provinces.js';
import { assertWithinProvince } from './province-scope.js';

/**
 * Global guard, after AuthGuard: every route with a `:blocId` (each command and query on one
 * bloc) refuses a principal scoped to another province than the bloc's with 403. Checked
 * here, once, rather than in each handler, so no route can forget it.
 */
@Injectable()
export class ProvinceScopeGuard implements CanActivate {
  constructor(private readonly provinces: BlocProvinces) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = request.actor;
    // Public routes, units and national principals are not scoped by province.
    if (actor?.province === undefined) return true;
    const { blocId } = (request.params ?? {}) as { blocId?: unknown };
    // No bloc in the path; or a malformed one, which the validation pipe refuses with 400.
    if (typeof blocId !== 'string' || !ENTITY_ID.test(blocId)) return true;
    const province = await this.provinces.provinceOf(blocId);
    // An unknown bloc is the handler's to answer (404).
    if (province !== undefined) assertWithinProvince(actor, province, `bloc ${blocId}`);
    return true;
  }
}
