import { describe, expect, it } from '@jest/globals';
import { CIRCULAR, REDACTED, withoutSecrets } from './secret-redaction.js';

describe('secrets kept out of the log', () => {
  it('redacts a property named like a secret at any depth, in objects and arrays', () => {
    const line = {
      headers: { authorization: 'Bearer abc', accept: 'application/json' },
      secret: 's1',
      webhooks: [{ url: 'https://example.org', secret: 's2' }, { url: 'https://example.com' }],
      config: {
        store: { sqlite: { password: 'p', file: 'events.db' } },
        authSecret: 'a',
        auditSigningKey: 'k',
      },
      token: 't',
    };
    expect(withoutSecrets(line)).toEqual({
      headers: { authorization: REDACTED, accept: 'application/json' },
      secret: REDACTED,
      webhooks: [{ url: 'https://example.org', secret: REDACTED }, { url: 'https://example.com' }],
      config: {
        store: { sqlite: { password: REDACTED, file: 'events.db' } },
        authSecret: REDACTED,
        auditSigningKey: REDACTED,
      },
      token: REDACTED,
    });
  });

  it('copies what it redacts and leaves the logged object, and whatever holds no secret, as it was', () => {
    const clean = { method: 'POST', url: '/api/blocs', status: 201, principal: { sub: 'board' } };
    expect(withoutSecrets(clean)).toBe(clean);
    const inner = { secret: 's' };
    const untouched = { a: 1 };
    const line = { inner, untouched, list: [untouched] };
    const redacted = withoutSecrets(line);
    expect(inner.secret).toBe('s');
    expect(redacted.inner).not.toBe(inner);
    expect(redacted.untouched).toBe(untouched);
    expect(redacted.list).toBe(line.list);
  });

  it('keeps an error an error: its class, message and stack, with the secret it carries redacted', () => {
    class WebhookError extends Error {
      constructor(readonly secret: string) {
        super('delivery failed');
      }
    }
    const error = new WebhookError('s');
    const { err } = withoutSecrets({ err: error });
    expect(err).toBeInstanceOf(WebhookError);
    expect(err.message).toBe('delivery failed');
    expect(err.stack).toBe(error.stack);
    expect(err.secret).toBe(REDACTED);
    expect(error.secret).toBe('s');
  });

  it("walks an error's cause too, and keeps it where it was (not enumerable)", () => {
    const cause = Object.assign(new Error('refused'), { token: 't' });
    const error = new Error('delivery failed', { cause });
    const { err } = withoutSecrets({ err: error });
    expect((err.cause as Error & { token: string }).token).toBe(REDACTED);
    expect((err.cause as Error).message).toBe('refused');
    expect(Object.keys(err)).not.toContain('cause');
    expect(cause.token).toBe('t');
  });

  it('leaves a value written through toJSON, and undefined secrets, as they are; cuts cycles; copies frozen objects', () => {
    const at = new Date('2026-12-05T00:00:00Z');
    const cyclic: Record<string, unknown> = { name: 'a', secret: 's' };
    cyclic.self = cyclic;
    const frozen = Object.freeze({ token: 't', kind: 'frozen' });
    const out = withoutSecrets({ at, cyclic, frozen, password: undefined });
    expect(out.at).toBe(at);
    expect(out.password).toBeUndefined();
    expect(out.cyclic.secret).toBe(REDACTED);
    // A copy never leads back to the original, which still holds the secret.
    expect(out.cyclic.self).toBe(CIRCULAR);
    expect(JSON.stringify(out)).not.toContain('"s"');
    expect(out.frozen).toEqual({ token: REDACTED, kind: 'frozen' });
  });

  it('writes an object nested deeper than any we log as redacted, whatever it holds', () => {
    let deep: Record<string, unknown> = { secret: 's' };
    for (let level = 0; level < 20; level++) deep = { next: deep };
    expect(JSON.stringify(withoutSecrets(deep))).not.toContain('"s"');
  });

  it('does not take a name for a secret because it contains one', () => {
    const line = { tokens: 3, secretary: 'x', passwordPolicy: 'strong' };
    expect(withoutSecrets(line)).toBe(line);
  });
});
