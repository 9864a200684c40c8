import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional } from 'class-validator';
import { IsCode, IsEntityId, IsPeriod, IsText } from '../../http/validators.js';

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
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  value!: number;

  @ApiPropertyOptional({ example: 'Theo báo cáo thống kê y tế năm 2017' })
  @IsOptional()
  @IsText(2000)
  note?: string;
}
