/**
 * The body of POST …/reports: the unit, the indicator's
 * code, the period, the actual value and an optional note.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsCode,
  IsEntityId,
  IsMeasurement,
  IsMultilineText,
  IsPeriod,
  Optional,
} from '../../http/validators.js';

export class ReportIndicatorDto {
  @ApiProperty({ example: 'y-te' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ example: 'YT1', description: "The indicator's code, as its target was set" })
  @IsCode()
  indicator!: string;

  @ApiProperty({ example: '2017', description: 'YYYY, YYYY-H1..H2 or YYYY-Q1..Q4' })
  @IsPeriod()
  period!: string;

  @ApiProperty({ example: 6.62 })
  @IsMeasurement()
  value!: number;

  @ApiPropertyOptional({ example: 'Theo báo cáo thống kê y tế năm 2017' })
  @Optional()
  @IsMultilineText(2000)
  note?: string;
}
