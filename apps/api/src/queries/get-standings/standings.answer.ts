/** StandingsAnswer: a bloc-year's standings so far, as `GET …/standings` answers them. */
import { ApiProperty } from '@nestjs/swagger';
import type { CyclePhase } from '@app/domain';
import type { StandingsView } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { CYCLE_PHASES } from '../answers/cycle-phase.js';
import { StandingsRowAnswer } from '../answers/standing-row.answer.js';

export class StandingsAnswer {
  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty({ enum: CYCLE_PHASES })
  readonly phase!: CyclePhase;

  @ApiProperty({ description: 'True until scoring is finalized: points may still change' })
  readonly provisional!: boolean;

  @ApiProperty({ type: [StandingsRowAnswer], description: 'In rank order' })
  readonly units!: readonly StandingsRowAnswer[];
}

sameShape<StandingsView, StandingsAnswer>();
