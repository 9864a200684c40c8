/** RankingAnswer: a bloc-year's final ranking, as `GET …/ranking` answers it. */
import { ApiProperty } from '@nestjs/swagger';
import type { RankingView } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';
import { StandingsRowAnswer } from '../answers/standing-row.answer.js';

export class RankingAnswer {
  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty({ type: [StandingsRowAnswer], description: 'In rank order' })
  readonly units!: readonly StandingsRowAnswer[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The honoured unit; null until the bloc honours it',
  })
  readonly leadingUnit!: string | null;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Proposed for the certificate of merit: ranks 2 and 3',
  })
  readonly runnersUp!: readonly string[];
}

sameShape<RankingView, RankingAnswer>();
