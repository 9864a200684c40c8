/**
 * Answers the signing key's id and its public half
 * (Ed25519, SPKI PEM), from the key the server holds.
 */

import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from '@app/event-store';
import { type AuditKeyView, GetAuditKeyQuery } from './get-audit-key.query.js';

@QueryHandler(GetAuditKeyQuery)
export class GetAuditKeyHandler implements IQueryHandler<GetAuditKeyQuery> {
  constructor(@Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey) {}

  async execute(): Promise<AuditKeyView> {
    return {
      keyId: this.key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: this.key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
}
