/** SignedHeadAnswer: the latest signed chain head, as `GET /api/audit/head` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import type { SignedHead } from '@app/event-store';
import { sameShape } from '../../http/openapi/same-shape.js';

export class SignedHeadAnswer {
  @ApiProperty({ type: 'integer', minimum: 1 })
  readonly position!: number;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: 'Chain hash (lowercase hex) of the event at position',
  })
  readonly hash!: string;

  @ApiProperty({ format: 'date-time', description: 'recordedAt of the event at position' })
  readonly recordedAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly signedAt!: string;

  @ApiProperty()
  readonly keyId!: string;

  @ApiProperty({
    format: 'byte',
    description: 'Base64 Ed25519 signature over the UTF-8 bytes of `${position}:${hash}:${recordedAt}`',
  })
  readonly signature!: string;
}

sameShape<SignedHead, SignedHeadAnswer>();
