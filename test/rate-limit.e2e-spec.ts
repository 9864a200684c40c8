/**
 * 429 RATE_LIMITED per principal (API.md, RATE_LIMIT_PER_MINUTE), with a limit of 3 a minute
 * so that the fourth request of one principal is the first refused. No clock is needed: the
 * window is a minute, far longer than the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';

const LIMIT = 3;

describe('rate limit per principal (e2e)', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ config: { rateLimitPerMinute: LIMIT } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("refuses a principal's fourth request with 429, Retry-After and the JSON code, while another principal passes", async () => {
    const busy = await e2e.token('board', 'busy-officer');
    for (let i = 0; i < LIMIT; i++) {
      expect((await e2e.api('GET', '/api/blocs', { token: busy })).status).toBe(200);
    }
    const refused = await e2e.api('GET', '/api/blocs', { token: busy });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);

    // Commands count too, and a refused one writes nothing.
    const head = await e2e.store.headPosition();
    const command = await e2e.api('POST', '/api/blocs', {
      token: busy,
      body: { id: 'throttled', name: 'Throttled', members: [{ unitId: 'a', name: 'A' }] },
    });
    expect([command.status, command.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(await e2e.store.headPosition()).toBe(head);

    // Another subject, and the same subject in another role, are other principals.
    expect(
      (await e2e.api('GET', '/api/blocs', { token: await e2e.token('board', 'calm-officer') })).status,
    ).toBe(200);
    expect(
      (await e2e.api('GET', '/api/blocs', { token: await e2e.token('auditor', 'busy-officer') })).status,
    ).toBe(200);
  });

  it('answers in Vietnamese when asked', async () => {
    const token = await e2e.token('auditor', 'vietnamese-reader');
    for (let i = 0; i < LIMIT; i++) await e2e.api('GET', '/api/blocs', { token });
    const refused = await e2e.api('GET', '/api/blocs', { token, headers: { 'accept-language': 'vi' } });
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([
      429,
      'RATE_LIMITED',
      'Quá nhiều yêu cầu; vui lòng thử lại sau',
    ]);
  });

  it('counts requests without a valid token by client address, so inventing tokens buys nothing', async () => {
    const answers = [];
    for (let i = 0; i <= LIMIT; i++) {
      const garbage = i % 2 === 0 ? `not-a-token-${i}` : undefined;
      answers.push((await e2e.api('GET', '/api/blocs', garbage ? { token: garbage } : {})).status);
    }
    expect(answers).toEqual([401, 401, 401, 429]);
    // A valid principal on the same address has an allowance of its own.
    expect(
      (await e2e.api('GET', '/api/blocs', { token: await e2e.token('unit', undefined, 'y-te') })).status,
    ).toBe(200);
  });

  it('never throttles the health checks', async () => {
    for (let i = 0; i < 3 * LIMIT; i++) {
      expect((await e2e.api('GET', '/api/health/live')).status).toBe(200);
    }
  });
});

describe('rate limit turned off (e2e)', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ config: { rateLimitPerMinute: 0 } });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('lets a principal send as many requests as it likes with RATE_LIMIT_PER_MINUTE=0', async () => {
    const token = await e2e.token('board', 'tireless');
    for (let i = 0; i < 10 * LIMIT; i++) {
      const response = await e2e.api('GET', '/api/blocs', { token });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});
