import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Reflector } from '@nestjs/core';
import { auditSigningKeyFromPem, HeadSigner, type SignedHead, type SignedHeadStore } from '@app/event-store';
import { REQUIRED_ROLES } from '../../auth/auth.decorators.js';
import { referenceWriteSide, type ReferenceWriteSide } from '../../testing/reference-write-side.js';
import { VerifyAuditController } from './verify-audit.controller.js';
import { VerifyAuditHandler } from './verify-audit.handler.js';
import { VerifyAuditQuery } from './verify-audit.query.js';

const newKey = () =>
  auditSigningKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
const serverKey = newKey();

/** Signed heads kept in memory, as the server's store keeps them. */
function keptHeads(): SignedHeadStore {
  const kept: SignedHead[] = [];
  return {
    append: async (head) => void kept.push(head),
    latest: async () => kept.at(-1),
    all: async () => [...kept],
    read: async () => {
      throw new Error('verifying the whole log reads every head');
    },
    close: async () => {},
  };
}

describe('VerifyAuditHandler', () => {
  let side: ReferenceWriteSide;
  beforeEach(async () => {
    side = await referenceWriteSide();
    await side.given('opened');
  });
  afterEach(() => side.close());

  /** The log's heads signed with `key`, and a handler that verifies them with the server's key. */
  const verifierOfHeadsSignedWith = async (key = serverKey) => {
    const heads = keptHeads();
    await new HeadSigner({
      store: side.store,
      heads,
      key,
      now: () => new Date(),
      refused: () => {},
    }).signNewHeads();
    return new VerifyAuditHandler(side.store, heads, serverKey);
  };

  it("given a log and its heads signed with the server's key, when verified, then ok up to the log's head", async () => {
    const handler = await verifierOfHeadsSignedWith();
    const head = await side.store.headPosition();
    await expect(handler.execute(new VerifyAuditQuery())).resolves.toEqual({
      ok: true,
      checked: head,
      head: { position: head, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('when a saved head is not what the log holds at its position, then not ok: saved-head-mismatch', async () => {
    const handler = await verifierOfHeadsSignedWith();
    const saved = { position: 1, hash: '0'.repeat(64) };
    await expect(handler.execute(new VerifyAuditQuery(saved))).resolves.toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'saved-head-mismatch',
    });
  });

  it("when a head was signed with another key than the server's, then not ok: bad-signature", async () => {
    const handler = await verifierOfHeadsSignedWith(newKey());
    await expect(handler.execute(new VerifyAuditQuery())).resolves.toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('only the board and auditors may ask (unit officers are refused by the roles guard)', () => {
    expect(new Reflector().get(REQUIRED_ROLES, VerifyAuditController.prototype.verifyAudit)).toEqual([
      'board',
      'auditor',
    ]);
  });
});
