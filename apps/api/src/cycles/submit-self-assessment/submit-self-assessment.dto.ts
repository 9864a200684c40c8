/** The body of POST …/self-assessments: the unit and its proposed points for each criterion. */

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { IsCode, IsEntityId, IsPoints } from '../../http/validators.js';
import { MAX_CRITERIA } from '../open-cycle/open-cycle.dto.js';

export class CriterionPointsDto {
  @ApiProperty({ example: '1.1' })
  @IsCode()
  criterion!: string;

  @ApiProperty({ example: 245.5 })
  @IsPoints()
  points!: number;
}

export class SubmitSelfAssessmentDto {
  @ApiProperty({ example: 'y-te' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ type: [CriterionPointsDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CRITERIA)
  // An array is no object: ValidateNested alone would validate its items and pass it on.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CriterionPointsDto)
  scores!: CriterionPointsDto[];
}
