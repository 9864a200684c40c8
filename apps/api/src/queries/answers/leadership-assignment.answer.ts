/**
 * LeadershipAssignmentAnswer: who leads a bloc in a year, elected or proposed by the rotation
 * (the year-leadership answer, and `next` of the leadership answer).
 */
import { ApiProperty } from '@nestjs/swagger';
import type { LeadershipProposal, LeadershipTerm, ProposedUnit } from '@app/domain';
import type { LeadershipAssignment } from '@app/projections';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const ASSIGNMENT_STATUSES = enumValues<LeadershipAssignment['status']>()('elected', 'proposed', 'partial');

export class ProposedUnitAnswer {
  @ApiProperty({ type: String, nullable: true, description: 'null when no member qualifies' })
  readonly unitId!: string | null;

  @ApiProperty({ description: 'Why the rotation proposes it' })
  readonly reason!: string;

  @ApiProperty({ description: 'The same reason in Vietnamese' })
  readonly reasonVi!: string;
}

export class LeadershipProposalAnswer {
  @ApiProperty({ type: ProposedUnitAnswer })
  readonly leader!: ProposedUnitAnswer;

  @ApiProperty({ type: ProposedUnitAnswer })
  readonly deputy!: ProposedUnitAnswer;
}

export class LeadershipAssignmentAnswer {
  @ApiProperty({ type: 'integer', example: 2018 })
  readonly year!: number;

  @ApiProperty({ type: String, nullable: true })
  readonly leader!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly deputy!: string | null;

  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  readonly status!: LeadershipAssignment['status'];

  @ApiProperty({
    type: LeadershipProposalAnswer,
    nullable: true,
    description: "The rotation's proposal from the year before; null when the bloc has no such year here",
  })
  readonly proposal!: LeadershipProposalAnswer | null;
}

export class LeadershipTermAnswer {
  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty()
  readonly leader!: string;

  @ApiProperty()
  readonly deputy!: string;
}

sameShape<ProposedUnit, ProposedUnitAnswer>();
sameShape<LeadershipProposal, LeadershipProposalAnswer>();
sameShape<LeadershipAssignment, LeadershipAssignmentAnswer>();
sameShape<LeadershipTerm, LeadershipTermAnswer>();
