/** AuditKeyAnswer: the public key of the signed heads, as `GET /api/audit/key` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { AuditKeyView } from './get-audit-key.query.js';

export class AuditKeyAnswer {
  @ApiProperty()
  readonly keyId!: string;

  @ApiProperty({ enum: ['Ed25519'] })
  readonly algorithm!: 'Ed25519';

  @ApiProperty({ description: 'SPKI PEM' })
  readonly publicKeyPem!: string;
}

sameShape<AuditKeyView, AuditKeyAnswer>();
