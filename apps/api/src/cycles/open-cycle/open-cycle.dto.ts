import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { IsCode, IsEntityId, IsPoints, IsText, IsYear } from '../../http/validators.js';

export class CriterionDto {
  @ApiProperty({ example: '1.1' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Chỉ tiêu định lượng được giao (quantitative targets)' })
  @IsText(300)
  title!: string;

  @ApiProperty({ example: 250 })
  @IsPoints()
  maxPoints!: number;

  @ApiPropertyOptional({ enum: ['standard', 'bonus', 'penalty'], default: 'standard' })
  @IsOptional()
  @IsIn(['standard', 'bonus', 'penalty'])
  kind?: 'standard' | 'bonus' | 'penalty';
}

export class ContentDto {
  @ApiProperty({ example: '1' })
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Thực hiện nhiệm vụ chính trị được giao (political tasks)' })
  @IsText(300)
  title!: string;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria!: CriterionDto[];
}

export class FrameworkDto {
  @ApiProperty({ type: [ContentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
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
  @ValidateNested()
  @Type(() => FrameworkDto)
  framework!: FrameworkDto;

  @ApiPropertyOptional({
    example: 'y-te',
    description: "Only for a bloc's first year: otherwise the election decides",
  })
  @IsOptional()
  @IsEntityId()
  leader?: string;

  @ApiPropertyOptional({
    example: 'giao-duc',
    description: "Only for a bloc's first year: otherwise the election decides",
  })
  @IsOptional()
  @IsEntityId()
  deputy?: string;
}
