/** LeadershipAnswer: a bloc's terms so far and the year to come, as `GET …/leadership` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import type { LeadershipView } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { LeadershipAssignmentAnswer, LeadershipTermAnswer } from '../answers/leadership-assignment.answer.js';

export class LeadershipAnswer {
  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: [LeadershipTermAnswer] })
  readonly history!: readonly LeadershipTermAnswer[];

  @ApiProperty({
    type: LeadershipAssignmentAnswer,
    nullable: true,
    description: "The year after the last opened one; null before the bloc's first cycle",
  })
  readonly next!: LeadershipAssignmentAnswer | null;
}

sameShape<LeadershipView, LeadershipAnswer>();
