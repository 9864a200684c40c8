/** AuditVerificationAnswer: what `GET /api/audit/verify` found walking the chain and the signed heads. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ChainPoint, IntegrityFailure } from '@app/event-store';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { AuditVerification } from './verify-audit.query.js';

const INTEGRITY_FAILURES = enumValues<IntegrityFailure>()(
  'altered',
  'missing',
  'truncated',
  'head-mismatch',
  'bad-signature',
  'saved-head-mismatch',
);

export class ChainPointAnswer {
  @ApiProperty({ type: 'integer', minimum: 0 })
  readonly position!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'Chain hash, lowercase hex' })
  readonly hash!: string;
}

export class AuditVerificationAnswer {
  @ApiProperty()
  readonly ok!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events checked' })
  readonly checked!: number;

  @ApiPropertyOptional({ type: 'integer', description: 'The first position that does not verify' })
  readonly brokenAt?: number;

  @ApiPropertyOptional({ enum: INTEGRITY_FAILURES })
  readonly reason?: IntegrityFailure;

  @ApiProperty({ type: ChainPointAnswer, description: 'The last link verified: the head when intact' })
  readonly head!: ChainPointAnswer;
}

sameShape<ChainPoint, ChainPointAnswer>();
sameShape<AuditVerification, AuditVerificationAnswer>();
