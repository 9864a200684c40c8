/**
 * Asking for the key that verifies the signed chain
 * heads: it carries nothing and answers an AuditKeyView.
 */

import { Query } from '@nestjs/cqrs';

/** The public half of the key that signs the chain heads. */
export interface AuditKeyView {
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  /** SPKI PEM. */
  readonly publicKeyPem: string;
}

export class GetAuditKeyQuery extends Query<AuditKeyView> {}
