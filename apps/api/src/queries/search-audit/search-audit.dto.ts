import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsEntityId, IsText, IsYearParam } from '../../http/validators.js';
import { IsInstant } from '../instant.validator.js';

const EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS);

const MAX_AUDIT_PAGE = 1000;

/** GET /api/audit: every filter optional, combined with AND. */
export class SearchAuditDto {
  @ApiPropertyOptional({ example: 'kg-khoi-4' })
  @IsOptional()
  @IsEntityId()
  blocId?: string;

  @ApiPropertyOptional({ example: 2017 })
  @IsOptional()
  @IsYearParam()
  year?: number;

  @ApiPropertyOptional({
    example: 'lao-dong',
    description: 'Events whose data names this unit, in any stream',
  })
  @IsOptional()
  @IsEntityId()
  unitId?: string;

  @ApiPropertyOptional({ description: "The acting principal's subject (token `sub`)" })
  @IsOptional()
  @IsText(200)
  actor?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'ScoreAwarded,ScoringFinalized',
    description: 'Event types, comma-separated',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'Recorded at or after this moment (ISO-8601)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before this moment (ISO-8601)' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE)
  limit?: number;
}
