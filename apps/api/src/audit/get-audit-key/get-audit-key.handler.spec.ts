import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { auditSigningKeyFromPem } from '@app/event-store';
import { GetAuditKeyHandler } from './get-audit-key.handler.js';

const key = auditSigningKeyFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);

describe('GetAuditKeyHandler', () => {
  it('given the signing key, when asked, then its id and a public key in PEM that verifies what it signs', async () => {
    const view = await new GetAuditKeyHandler(key).execute();
    expect(view).toEqual({
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: expect.stringContaining('PUBLIC KEY'),
    });
    const message = Buffer.from('position:hash:recordedAt');
    expect(
      verify(null, message, createPublicKey(view.publicKeyPem), sign(null, message, key.privateKey)),
    ).toBe(true);
  });

  it('never answers the private half', async () => {
    expect(JSON.stringify(await new GetAuditKeyHandler(key).execute())).not.toContain('PRIVATE');
  });
});
