/**
 * The body of POST …/scores: the unit, the criterion and
 * the points awarded, with the reason a revision needs.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsEntityId, IsMultilineText, IsPoints, Optional } from '../../http/validators.js';

export class AwardScoreDto {
  @ApiProperty({ example: 'lao-dong' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ example: '1.1' })
  @IsCode()
  criterion!: string;

  @ApiProperty({ example: 249.5, description: '0..maxPoints of the criterion, at most two decimals' })
  @IsPoints()
  points!: number;

  @ApiPropertyOptional({
    example: 'Bổ sung minh chứng sau hội nghị',
    description: 'Required when revising an earlier award',
  })
  @Optional()
  @IsMultilineText(1000)
  reason?: string;
}
