/**
 * 429 RATE_LIMITED past a number of requests a minute, counted per principal, or per client
 * address without a valid token.
 */

import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api.error.js';
import { bearerPrincipal, type PrincipalVerifier } from './bearer-principal.js';

const ONE_MINUTE_MS = 60_000;
/** Health checks come from the orchestrator, often and unauthenticated: never throttled. */
const EXEMPT_PREFIX = '/api/health';

/**
 * The key a request is counted under: its principal (role and subject) when it carries a token
 * that verifies, its client address otherwise. Verifying here, before Nest's guard, costs little:
 * the verifier remembers tokens it has verified. A token that does not verify counts against the
 * address, so inventing tokens buys a client no fresh allowance.
 */
export async function rateLimitKey(request: FastifyRequest, verifier: PrincipalVerifier): Promise<string> {
  // A token that does not verify is refused by the guard later with 401; counted by address meanwhile.
  const actor = await bearerPrincipal(request, verifier);
  return actor === undefined ? `address:${request.ip}` : `principal:${actor.role}:${actor.sub}`;
}

/**
 * 429 RATE_LIMITED with Retry-After past `perMinute` requests a minute from one principal
 * (@fastify/rate-limit's fixed window, counted in this process's memory). 0 turns it off.
 * Registered before Nest adds its routes, as the plugin attaches its hook to each route added
 * after it.
 */
export async function registerRateLimit(
  app: NestFastifyApplication,
  perMinute: number,
  verifier: PrincipalVerifier,
): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: ONE_MINUTE_MS,
    keyGenerator: (request) => rateLimitKey(request, verifier),
    allowList: (request) => (request.routeOptions.url ?? request.url).startsWith(EXEMPT_PREFIX),
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'RATE_LIMITED',
        `more than ${context.max} requests a minute; retry in ${context.after}`,
      ),
  });
}
