/**
 * Signed chain heads over HTTP against the real application: the public key for anyone, the
 * latest signed head and the verification for the board and auditors, a saved head checked
 * by `?position=&hash=`, and the log's tail cut behind the server's back. The signer is
 * triggered and awaited (AuditHeadSigner.signNow), never waited for.
 */
import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { AuditHeadSigner } from '../apps/api/src/audit/audit-head-signer.js';
import { type E2eApp, seedCycle, startE2eApp } from './support/e2e-app.js';

describe('signed chain heads', () => {
  let e2e: E2eApp;
  let auditor: string;
  let board: string;
  let member: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    auditor = await e2e.token('auditor', 'kiem-toan');
    board = await e2e.token('board', 'board-officer');
    member = await e2e.token('unit', 'heads-a-officer', 'heads-a');
  });

  afterAll(async () => {
    await e2e.close();
  });

  const signer = (): AuditHeadSigner => e2e.app.get(AuditHeadSigner);

  it('answers 404 NOT_FOUND for the head before the log has one', async () => {
    expect(await signer().signNow()).toEqual([]);
    const { status, body } = await e2e.api('GET', '/api/audit/head', { token: auditor });
    expect({ status, code: body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('gives the public key to any principal, and to nobody without a token', async () => {
    const { status, body } = await e2e.api('GET', '/api/audit/key', { token: member });
    expect(status).toBe(200);
    expect(body).toEqual({ keyId: expect.stringMatching(/^[0-9a-f]{16}$/), algorithm: 'Ed25519', publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect((await e2e.api('GET', '/api/audit/key')).status).toBe(401);
  });

  describe('once the log has grown', () => {
    let head: { position: number; hash: string; recordedAt: string; signedAt: string; keyId: string; signature: string };

    beforeAll(async () => {
      await seedCycle(e2e, 'heads', { phase: 'in_force' });
      // The timer may have signed it first; either way the head is signed once this resolves.
      await signer().signNow();
      head = (await e2e.api('GET', '/api/audit/head', { token: auditor })).body;
      expect(head.position).toBe(await e2e.store.headPosition());
    });

    it('signs the head: the signature verifies with the published key over position:hash:recordedAt', async () => {
      const { body: key } = await e2e.api('GET', '/api/audit/key', { token: auditor });
      expect(head).toMatchObject({ position: await e2e.store.headPosition(), keyId: key.keyId });
      const message = Buffer.from(`${head.position}:${head.hash}:${head.recordedAt}`, 'utf8');
      expect(verify(null, message, createPublicKey(key.publicKeyPem), Buffer.from(head.signature, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from(`${head.position}:${head.hash}:x`), createPublicKey(key.publicKeyPem), Buffer.from(head.signature, 'base64'))).toBe(false);
    });

    it('keeps the head and the verification to the board and auditors', async () => {
      expect((await e2e.api('GET', '/api/audit/head', { token: board })).status).toBe(200);
      for (const path of ['/api/audit/head', '/api/audit/verify']) {
        const { status, body } = await e2e.api('GET', path, { token: member });
        expect({ status, code: body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    });

    it('verifies the log and answers its head, and checks a saved head', async () => {
      expect((await e2e.api('GET', '/api/audit/verify', { token: auditor })).body).toEqual({
        ok: true,
        checked: head.position,
        head: { position: head.position, hash: head.hash },
      });
      const saved = await e2e.api('GET', `/api/audit/verify?position=${head.position}&hash=${head.hash}`, { token: board });
      expect(saved.body).toMatchObject({ ok: true });
      const other = await e2e.api('GET', `/api/audit/verify?position=2&hash=${head.hash}`, { token: board });
      expect(other.body).toMatchObject({ ok: false, reason: 'saved-head-mismatch', brokenAt: 2 });
    });

    it('refuses a malformed saved head with 400 VALIDATION_FAILED', async () => {
      const hash = head.hash;
      for (const query of [
        `position=0&hash=${hash}`,
        `position=-3&hash=${hash}`,
        `position=1e3&hash=${hash}`,
        `position=0x10&hash=${hash}`,
        `position=2.5&hash=${hash}`,
        `position=3&hash=${hash.toUpperCase()}`,
        `position=3&hash=${hash.slice(1)}`,
        `position=3`,
        `hash=${hash}`,
        `position=3&position=4&hash=${hash}`,
      ]) {
        const { status, body } = await e2e.api('GET', `/api/audit/verify?${query}`, { token: auditor });
        expect({ query, status, code: body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('finds the log truncated when its last 5 events are deleted, and signs nothing new', async () => {
      const db = new Database(join(e2e.dataDir, 'events.sqlite'));
      try {
        db.prepare('DELETE FROM events WHERE position > ?').run(head.position - 5);
      } finally {
        db.close();
      }
      const { body } = await e2e.api('GET', '/api/audit/verify', { token: auditor });
      expect(body).toMatchObject({ ok: false, reason: 'truncated', brokenAt: head.position - 4, head: { position: head.position - 5 } });
      expect(await signer().signNow()).toEqual([]);
      expect((await e2e.api('GET', '/api/audit/head', { token: auditor })).body).toEqual(head);
    });
  });

  it('signs in an API running with PROJECTIONS=off too', async () => {
    const apiOnly = await startE2eApp({ config: { projections: 'off' } });
    try {
      await apiOnly.api('POST', '/api/blocs', {
        token: await apiOnly.token('board', 'board-officer'),
        body: { id: 'heads-off', name: 'Bloc heads-off', members: [{ unitId: 'heads-off-a', name: 'Unit a' }] },
      });
      await apiOnly.app.get(AuditHeadSigner).signNow();
      const { body } = await apiOnly.api('GET', '/api/audit/head', { token: await apiOnly.token('auditor', 'kiem-toan') });
      expect(body.position).toBe(await apiOnly.store.headPosition());
      expect(body.position).toBeGreaterThan(0);
    } finally {
      await apiOnly.close();
    }
  });
});
