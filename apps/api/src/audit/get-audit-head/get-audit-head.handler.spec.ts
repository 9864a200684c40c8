import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Reflector } from '@nestjs/core';
import { auditSigningKeyFromPem, signHead, type SignedHead, type SignedHeadStore } from '@app/event-store';
import { REQUIRED_ROLES } from '../../auth/auth.decorators.js';
import { GetAuditHeadController } from './get-audit-head.controller.js';
import { GetAuditHeadHandler } from './get-audit-head.handler.js';

const key = auditSigningKeyFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);
const link = (position: number) => ({
  position,
  hash: String(position).repeat(64),
  recordedAt: '2018-01-12T08:30:00.000Z',
});

/** The store's latest head, as the signer left it. */
const holding = (heads: SignedHead[]) => ({ latest: async () => heads.at(-1) }) as unknown as SignedHeadStore;

describe('GetAuditHeadHandler', () => {
  it('given heads signed, when asked, then the latest one as kept', async () => {
    const heads = [1, 2].map((position) =>
      signHead(link(position), key, new Date('2018-01-12T09:00:00.000Z')),
    );
    await expect(new GetAuditHeadHandler(holding(heads)).execute()).resolves.toEqual(heads[1]);
  });

  it('given no head signed yet, when asked, then NOT_FOUND', async () => {
    await expect(new GetAuditHeadHandler(holding([])).execute()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('only the board and auditors may ask (unit officers are refused by the roles guard)', () => {
    expect(new Reflector().get(REQUIRED_ROLES, GetAuditHeadController.prototype.getAuditHead)).toEqual([
      'board',
      'auditor',
    ]);
  });
});
