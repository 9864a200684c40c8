/** BlocSummaryAnswer: a bloc as `GET /api/blocs` lists it. */
import { ApiProperty } from '@nestjs/swagger';
import type { BlocSummary } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { MemberAnswer } from '../answers/member.answer.js';

export class BlocSummaryAnswer {
  @ApiProperty({ example: 'kg-khoi-4' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ example: 'Kiên Giang' })
  readonly province!: string;

  @ApiProperty({ type: [MemberAnswer], description: 'Current members, in admission order' })
  readonly members!: readonly MemberAnswer[];
}

sameShape<BlocSummary, BlocSummaryAnswer>();
