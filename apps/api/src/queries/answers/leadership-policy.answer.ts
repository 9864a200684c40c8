/** LeadershipPolicyAnswer: a bloc's rotation and tie-break rules, as its answers show them. */
import { ApiProperty } from '@nestjs/swagger';
import type { LeadershipPolicy, Rotation, TieBreakStep } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const ROTATIONS = enumValues<Rotation>()('strict', 'none');

export class LeadershipPolicyAnswer {
  @ApiProperty({ enum: ROTATIONS })
  readonly rotation!: Rotation;

  @ApiProperty()
  readonly noConsecutiveLeader!: boolean;

  @ApiProperty({
    type: String,
    isArray: true,
    pattern: '^(content:.+|indicatorsExceeded)$',
    example: ['content:1', 'indicatorsExceeded'],
  })
  readonly tieBreak!: readonly TieBreakStep[];
}

sameShape<LeadershipPolicy, LeadershipPolicyAnswer>();
