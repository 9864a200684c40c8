import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '@app/runtime';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error.js';
import { bearerPrincipal } from '../http/bearer-principal.js';
import { AuthGuard } from './auth.guard.js';
import { Public, Roles } from './auth.decorators.js';
import { signToken } from './token.signer.js';
import { systemClock } from './clock.js';
import { TokenVerifier } from './token.verifier.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

const config: AppConfig = {
  port: 0,
  dataDir: '/nonexistent',
  eventStore: 'sqlite',
  authSecret: SECRET,
  projections: 'on',
  production: false,
};

class Reports {
  @Roles('unit')
  report(): void {}

  @Public()
  health(): void {}

  open(): void {}
}

/** Inherits `report` (and its method-level roles) but answers to other roles for `open`. */
@Roles('auditor')
class AuditedReports extends Reports {}

function contextFor(controller: abstract new () => unknown, handler: () => void, authorization?: string) {
  const request = { headers: authorization === undefined ? {} : { authorization } } as {
    headers: Record<string, string>;
    actor?: unknown;
  };
  const context = {
    getClass: () => controller,
    getHandler: () => handler,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return (error as ApiError).code;
}

describe('AuthGuard', () => {
  const guardVerifier = new TokenVerifier(config, systemClock);
  const guard = new AuthGuard(new Reflector(), guardVerifier);
  const bearer = async (role: 'board' | 'unit' | 'auditor') =>
    `Bearer ${await signToken(SECRET, { sub: `${role}-1`, role, ...(role === 'unit' ? { unit: 'y-te' } : {}) }, '1h')}`;

  it('lets a public route through without a token', async () => {
    const { context } = contextFor(Reports, Reports.prototype.health);
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it('refuses a request without a bearer token, every time it is asked', async () => {
    for (let i = 0; i < 2; i++) {
      const { context } = contextFor(Reports, Reports.prototype.report);
      expect(await refusal(guard.canActivate(context))).toBe('UNAUTHENTICATED');
    }
  });

  it('sets the actor and checks the route roles on every request, not only the first', async () => {
    const unit = contextFor(Reports, Reports.prototype.report, await bearer('unit'));
    await expect(guard.canActivate(unit.context)).resolves.toBe(true);
    expect(unit.request.actor).toMatchObject({ sub: 'unit-1', role: 'unit', unit: 'y-te' });

    const board = contextFor(Reports, Reports.prototype.report, await bearer('board'));
    expect(await refusal(guard.canActivate(board.context))).toBe('FORBIDDEN');
  });

  it('reads the roles of the controller a shared handler is reached through', async () => {
    const auditor = await bearer('auditor');
    // Any authenticated role may open on the base controller; only auditors on the subclass.
    await expect(
      guard.canActivate(contextFor(Reports, Reports.prototype.open, auditor).context),
    ).resolves.toBe(true);
    const board = await bearer('board');
    await expect(guard.canActivate(contextFor(Reports, Reports.prototype.open, board).context)).resolves.toBe(
      true,
    );
    expect(
      await refusal(guard.canActivate(contextFor(AuditedReports, Reports.prototype.open, board).context)),
    ).toBe('FORBIDDEN');
    await expect(
      guard.canActivate(contextFor(AuditedReports, Reports.prototype.open, auditor).context),
    ).resolves.toBe(true);
    // The method-level roles still win over the subclass's.
    expect(
      await refusal(guard.canActivate(contextFor(AuditedReports, Reports.prototype.report, auditor).context)),
    ).toBe('FORBIDDEN');
  });

  it('takes the principal a hook verified earlier in the same request, and only for that token', async () => {
    const verifier = new TokenVerifier(config, systemClock);
    const calls: string[] = [];
    const counting = {
      verify: (token: string) => {
        calls.push(token);
        return verifier.verify(token);
      },
    } as unknown as TokenVerifier;
    const countingGuard = new AuthGuard(new Reflector(), counting);
    const unit = contextFor(Reports, Reports.prototype.report, await bearer('unit'));
    const request = unit.request as unknown as FastifyRequest;
    // The rate limit's key verifies the token first (an onRequest hook).
    await expect(bearerPrincipal(request, counting)).resolves.toMatchObject({ sub: 'unit-1' });
    await expect(countingGuard.canActivate(unit.context)).resolves.toBe(true);
    expect(unit.request.actor).toMatchObject({ sub: 'unit-1', role: 'unit' });
    expect(calls).toHaveLength(1);
    // The roles are still the guard's to check.
    const board = contextFor(Reports, Reports.prototype.report, await bearer('board'));
    await bearerPrincipal(board.request as unknown as FastifyRequest, counting);
    expect(await refusal(countingGuard.canActivate(board.context))).toBe('FORBIDDEN');
    // Another request, or another token on this one, is verified anew.
    const again = contextFor(Reports, Reports.prototype.report, unit.request.headers.authorization);
    await expect(countingGuard.canActivate(again.context)).resolves.toBe(true);
    expect(calls).toHaveLength(3);
    unit.request.headers.authorization = await bearer('auditor');
    expect(await refusal(countingGuard.canActivate(unit.context))).toBe('FORBIDDEN');
    expect(calls).toHaveLength(4);
  });

  it('remembers no refusal: a token that failed in a hook is refused by the guard with its reason', async () => {
    const expired = `Bearer ${await signToken(SECRET, { sub: 'unit-1', role: 'unit', unit: 'y-te' }, '-1h')}`;
    const unit = contextFor(Reports, Reports.prototype.report, expired);
    await expect(
      bearerPrincipal(unit.request as unknown as FastifyRequest, guardVerifier),
    ).resolves.toBeUndefined();
    const error = await guard.canActivate(unit.context).then(
      () => undefined,
      (caught: unknown) => caught as ApiError,
    );
    expect(error?.code).toBe('UNAUTHENTICATED');
    expect(error?.message).toMatch(/expired/);
  });
});
