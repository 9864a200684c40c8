import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs } from './retry-schedule.js';
import { webhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the raw body with the secret, prefixed sha256=', () => {
    // RFC 4231 test case 2.
    expect(webhookSignature('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('changes with the body and with the secret', () => {
    const body = JSON.stringify({ type: 'ScoreAwarded', data: { points: 58.5 } });
    const signature = webhookSignature(body, 'a-secret-of-enough-length');
    expect(signature).toBe(
      `sha256=${createHmac('sha256', 'a-secret-of-enough-length').update(body).digest('hex')}`,
    );
    expect(webhookSignature(`${body} `, 'a-secret-of-enough-length')).not.toBe(signature);
    expect(webhookSignature(body, 'another-secret-of-enough-length')).not.toBe(signature);
  });
});

describe('retry schedule', () => {
  it('retries first within 5 s, then doubles the delay up to the maximum', () => {
    const delays = Array.from({ length: 12 }, (_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_SCHEDULE));
    expect(delays[0]).toBeLessThanOrEqual(5_000);
    expect(delays.slice(0, 10)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
    ]);
    expect(delays[11]).toBe(300_000);
  });

  it('follows a configured schedule', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { baseMs: 50, maxMs: 150 }))).toEqual([50, 100, 150, 150]);
  });

  it('waits longer than a minute in total before the default 10th attempt', () => {
    const total = Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_SCHEDULE)).reduce(
      (a, b) => a + b,
    );
    expect(total).toBeGreaterThan(60_000);
  });
});
