/** LeadershipPolicyAnswer: a bloc's rotation and tie-break rules, as its answers show them. */
import { ApiProperty } from '@nestjs/swagger';
import type { LeadershipPolicy, Rotation, TieBreakStep, VoteBase, VoteRatio, VoteRule } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const ROTATIONS = enumValues<Rotation>()('strict', 'none');
const VOTE_BASES = enumValues<VoteBase>()('members', 'present');
const VOTE_RATIOS = enumValues<VoteRatio>()('majority', 'two-thirds');

export class VoteRuleAnswer {
  @ApiProperty({ enum: VOTE_BASES, description: "Count of all the cycle's members, or of those who cast a ballot" })
  readonly of!: VoteBase;

  @ApiProperty({ enum: VOTE_RATIOS, description: 'More than half, or at least two thirds' })
  readonly ratio!: VoteRatio;
}

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

  @ApiProperty({ type: VoteRuleAnswer, required: false, description: 'Absent before regulations: members/majority' })
  readonly vote?: VoteRuleAnswer;
}

/** The policy a year applies, every field present (the cycle's answer). */
export class PolicyInForceAnswer extends LeadershipPolicyAnswer {
  @ApiProperty({ type: VoteRuleAnswer })
  declare readonly vote: VoteRuleAnswer;
}

sameShape<VoteRule, VoteRuleAnswer>();
sameShape<LeadershipPolicy, LeadershipPolicyAnswer>();
sameShape<Required<LeadershipPolicy>, PolicyInForceAnswer>();
