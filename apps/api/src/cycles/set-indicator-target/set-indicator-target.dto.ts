/**
 * The body of POST …/targets: the unit, the indicator's code,
 * title, criterion, measure, direction and target value.
 */

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsCode, IsEntityId, IsMeasurement, IsMultilineText, IsText } from '../../http/validators.js';

export class SetIndicatorTargetDto {
  @ApiProperty({ example: 'y-te' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ example: 'YT1', description: "The indicator's code within the unit" })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Bác sĩ trên 1 vạn dân (doctors per 10,000 people)' })
  @IsMultilineText(300)
  title!: string;

  @ApiProperty({ example: '1.1', description: 'The criterion the indicator counts towards' })
  @IsCode()
  criterion!: string;

  @ApiProperty({ example: 'per 10,000' })
  @IsText(50)
  measure!: string;

  @ApiProperty({ enum: ['increase', 'decrease'], example: 'increase' })
  @IsIn(['increase', 'decrease'])
  direction!: 'increase' | 'decrease';

  @ApiProperty({ example: 6.5 })
  @IsMeasurement(0)
  target!: number;
}
