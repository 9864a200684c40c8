/** BlocAnswer: one bloc, as `GET /api/blocs/:blocId` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import type { BlocView } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { LeadershipPolicyAnswer } from '../answers/leadership-policy.answer.js';
import { BlocSummaryAnswer } from '../list-blocs/bloc-summary.answer.js';

export class BlocAnswer extends BlocSummaryAnswer {
  @ApiProperty({ type: LeadershipPolicyAnswer })
  readonly policy!: LeadershipPolicyAnswer;

  @ApiProperty({
    type: 'integer',
    isArray: true,
    description: 'The years of its cycles',
    example: [2017, 2018],
  })
  readonly years!: readonly number[];
}

sameShape<BlocView, BlocAnswer>();
