import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ChainLinkAt, ChainWalk } from './event-store.port.js';
import { auditKeyId, auditSigningKeyFromPem, checkSignedHeads, headMessage, headSignatureValid, signHead } from './signed-head.js';

const newKey = () => auditSigningKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();
const signedAt = new Date('2018-01-12T09:00:00.000Z');
const link = (position: number): ChainLinkAt => ({ position, hash: position.toString(16).padStart(64, '0'), recordedAt: '2018-01-12T08:30:00.000Z' });

/** An intact walk of a log of `length` events that kept the links at `positions`. */
function walk(length: number, positions: number[]): ChainWalk {
  return {
    ok: true,
    checked: length,
    head: { position: length, hash: link(length).hash },
    links: new Map([...positions, length].map((position) => [position, link(position)])),
  };
}

describe('signed heads', () => {
  it('sign position:hash:recordedAt with Ed25519 under the key id of the SPKI digest', () => {
    const head = signHead(link(12), key, signedAt);
    expect(headMessage(head)).toBe(`12:${link(12).hash}:2018-01-12T08:30:00.000Z`);
    expect(head).toMatchObject({ signedAt: '2018-01-12T09:00:00.000Z', keyId: auditKeyId(key.publicKey) });
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(headSignatureValid(head, key.publicKey)).toBe(true);
    for (const forged of [{ ...head, position: 13 }, { ...head, recordedAt: '2018-01-12T08:30:00.001Z' }, { ...head, signature: 'AAAA' }]) {
      expect(headSignatureValid(forged, key.publicKey)).toBe(false);
    }
    expect(headSignatureValid(head, newKey().publicKey)).toBe(false);
  });

  it('refuse a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => auditSigningKeyFromPem(rsa)).toThrow(/Ed25519/);
  });

  describe('checked against a walk', () => {
    const heads = [signHead(link(5), key, signedAt), signHead(link(9), key, signedAt)];

    it('pass when the log holds every signed head', () => {
      expect(checkSignedHeads(walk(12, [5, 9]), heads, key.publicKey)).toEqual({ ok: true, checked: 12, head: { position: 12, hash: link(12).hash } });
      expect(checkSignedHeads(walk(12, [5, 9, 7]), heads, key.publicKey, { position: 7, hash: link(7).hash })).toMatchObject({ ok: true });
    });

    it('report a broken chain as the walk found it, before any head', () => {
      const broken: ChainWalk = { ...walk(3, []), ok: false, brokenAt: 4, reason: 'missing' };
      expect(checkSignedHeads(broken, heads, key.publicKey)).toMatchObject({ ok: false, brokenAt: 4, reason: 'missing' });
    });

    it('report the first head that is forged, beyond the log, or not held', () => {
      expect(checkSignedHeads(walk(12, [5, 9]), [{ ...heads[0], hash: link(6).hash }, heads[1]], key.publicKey)).toMatchObject({ reason: 'bad-signature', brokenAt: 5 });
      expect(checkSignedHeads(walk(7, [5]), heads, key.publicKey)).toMatchObject({ reason: 'truncated', brokenAt: 8 });
      const rewritten = walk(12, [5, 9]);
      (rewritten.links as Map<number, ChainLinkAt>).set(9, { ...link(9), hash: 'e'.repeat(64) });
      expect(checkSignedHeads(rewritten, heads, key.publicKey)).toMatchObject({ reason: 'head-mismatch', brokenAt: 9 });
    });

    it('report a saved head that the log does not hold exactly', () => {
      expect(checkSignedHeads(walk(12, [5, 9, 7]), heads, key.publicKey, { position: 7, hash: link(8).hash })).toMatchObject({ reason: 'saved-head-mismatch', brokenAt: 7 });
      expect(checkSignedHeads(walk(12, [5, 9]), heads, key.publicKey, { position: 30, hash: link(30).hash })).toMatchObject({ reason: 'saved-head-mismatch', brokenAt: 13 });
    });
  });
});
