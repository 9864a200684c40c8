/**
 * The body of POST /api/blocs/:blocId/cycles: the year, its framework
 * of contents and criteria (bounded in size before the domain reads
 * it), and for a bloc's first year its leader and deputy.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsCode, IsEntityId, IsMultilineText, IsPoints, IsYear, Optional } from '../../http/validators.js';

/** API.md: a framework has at most 20 contents and 200 criteria in all. */
export const MAX_CONTENTS = 20;
export const MAX_CRITERIA = 200;

/** The criteria of all contents together, counted before anything else reads them. */
const HasAtMostCriteriaInAll = (max: number): PropertyDecorator =>
  ValidateBy({
    name: 'hasAtMostCriteriaInAll',
    validator: {
      validate: (contents: unknown) =>
        !Array.isArray(contents) ||
        contents.reduce<number>(
          (count, content: { criteria?: unknown }) =>
            count + (Array.isArray(content?.criteria) ? content.criteria.length : 0),
          0,
        ) <= max,
      defaultMessage: () => `$property must hold at most ${max} criteria in all`,
    },
  });

export class CriterionDto {
  @ApiProperty({ example: '1.1' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Chỉ tiêu định lượng được giao (quantitative targets)' })
  @IsMultilineText(300)
  title!: string;

  @ApiProperty({ example: 250 })
  @IsPoints()
  maxPoints!: number;

  @ApiPropertyOptional({ enum: ['standard', 'bonus', 'penalty'], default: 'standard' })
  @Optional()
  @IsIn(['standard', 'bonus', 'penalty'])
  kind?: 'standard' | 'bonus' | 'penalty';
}

export class ContentDto {
  @ApiProperty({ example: '1' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Thực hiện nhiệm vụ chính trị được giao (political tasks)' })
  @IsMultilineText(300)
  title!: string;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CRITERIA)
  // An array is no object: ValidateNested alone would validate its items and pass it on.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria!: CriterionDto[];
}

export class FrameworkDto {
  @ApiProperty({ type: [ContentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTENTS)
  @HasAtMostCriteriaInAll(MAX_CRITERIA)
  // An array is no object: ValidateNested alone would validate its items and pass it on.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContentDto)
  contents!: ContentDto[];
}

export class OpenCycleDto {
  @ApiProperty({ example: 2017 })
  @IsYear()
  year!: number;

  @ApiProperty({ type: FrameworkDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FrameworkDto)
  framework!: FrameworkDto;

  @ApiPropertyOptional({
    example: 'y-te',
    description: "Only for a bloc's first year: otherwise the election decides",
  })
  @Optional()
  @IsEntityId()
  leader?: string;

  @ApiPropertyOptional({
    example: 'giao-duc',
    description: "Only for a bloc's first year: otherwise the election decides",
  })
  @Optional()
  @IsEntityId()
  deputy?: string;
}
