/** StandingRowAnswer: one unit's line of the standings and the ranking, in rank order. */
import { ApiProperty } from '@nestjs/swagger';
import type { IndicatorCounts, StandingRow } from '@app/domain';
import type { StandingsRow } from '@app/projections';
import { sameShape } from '../../http/openapi/same-shape.js';

export class IndicatorCountsAnswer {
  @ApiProperty({ type: 'integer' })
  readonly assigned!: number;

  @ApiProperty({ type: 'integer' })
  readonly reported!: number;

  @ApiProperty({ type: 'integer' })
  readonly met!: number;

  @ApiProperty({ type: 'integer' })
  readonly exceeded!: number;
}

export class StandingRowAnswer {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Tied units share a rank' })
  readonly rank!: number;

  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ description: 'At most two decimals', example: 961.5 })
  readonly total!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Subtotal per content code, every content of the framework present',
    example: { '1': 560, '2': 401.5 },
  })
  readonly byContent!: Readonly<Record<string, number>>;

  @ApiProperty({ type: IndicatorCountsAnswer })
  readonly indicators!: IndicatorCountsAnswer;

  @ApiProperty({ type: Number, nullable: true, description: 'null before the unit self-assesses' })
  readonly selfAssessedTotal!: number | null;
}

/** A row as the standings and the ranking answer it: the domain's row and its late reports. */
export class StandingsRowAnswer extends StandingRowAnswer {
  @ApiProperty({ type: 'integer', minimum: 0, description: "How many of the unit's reports were flagged late" })
  readonly lateReports!: number;
}

sameShape<IndicatorCounts, IndicatorCountsAnswer>();
sameShape<StandingRow, StandingRowAnswer>();
sameShape<StandingsRow, StandingsRowAnswer>();
