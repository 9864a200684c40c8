import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { ConfigError, loadConfig } from '@app/runtime';
import { ApiError } from './api.error.js';
import { rateLimitKey } from './rate-limit.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

const request = (authorization?: string): FastifyRequest =>
  ({ headers: authorization === undefined ? {} : { authorization }, ip: '203.0.113.7' }) as FastifyRequest;

const verifier = {
  verify: async (token: string) => {
    if (token === 'good') return { sub: 'officer-1', role: 'board' as const };
    throw ApiError.unauthenticated('the token is not valid');
  },
};

describe('rateLimitKey', () => {
  it('counts a verified token under its principal, role and subject', async () => {
    expect(await rateLimitKey(request('Bearer good'), verifier)).toBe('principal:board:officer-1');
  });

  it('counts a missing, malformed or refused token under the client address', async () => {
    for (const header of [undefined, 'Basic abc', 'Bearer', 'Bearer forged']) {
      expect(await rateLimitKey(request(header), verifier)).toBe('address:203.0.113.7');
    }
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  const load = (value?: string) =>
    loadConfig({ AUTH_SECRET: SECRET, DATA_DIR: '/tmp/unused', RATE_LIMIT_PER_MINUTE: value });

  it('defaults to 1200 a minute; 0 turns the limit off', () => {
    expect(load().rateLimitPerMinute).toBe(1200);
    expect(load('').rateLimitPerMinute).toBe(1200);
    expect(load('30').rateLimitPerMinute).toBe(30);
    expect(load('0').rateLimitPerMinute).toBe(0);
  });

  it('refuses anything but a whole number', () => {
    for (const value of ['-1', '1.5', '1e3', 'lots', '0x10']) expect(() => load(value)).toThrow(ConfigError);
  });
});
