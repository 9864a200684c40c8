/** CycleAnswer: one bloc-year's cycle, as `GET /api/blocs/:blocId/cycles/:year` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import type { CycleMember, CycleView } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { FrameworkAnswer } from '../answers/framework.answer.js';
import { CYCLE_PHASES } from '../answers/cycle-phase.js';
import { PolicyInForceAnswer } from '../answers/leadership-policy.answer.js';
import type { CyclePhase } from '@app/domain';

export class CycleMemberAnswer {
  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ description: 'Whether the unit has signed the pact' })
  readonly signed!: boolean;
}

export class CycleAnswer {
  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty({ enum: CYCLE_PHASES })
  readonly phase!: CyclePhase;

  @ApiProperty()
  readonly leader!: string;

  @ApiProperty()
  readonly deputy!: string;

  @ApiProperty({ type: [CycleMemberAnswer] })
  readonly members!: readonly CycleMemberAnswer[];

  @ApiProperty({ type: FrameworkAnswer })
  readonly framework!: FrameworkAnswer;

  @ApiProperty({ type: String, nullable: true, description: 'The honoured unit; null until honoured' })
  readonly leadingUnit!: string | null;

  @ApiProperty({ type: PolicyInForceAnswer, description: 'The regulation the year applies' })
  readonly policy!: PolicyInForceAnswer;
}

sameShape<CycleMember, CycleMemberAnswer>();
sameShape<CycleView, CycleAnswer>();
