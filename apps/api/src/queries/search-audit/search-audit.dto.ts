/**
 * The query string of GET /api/audit: bloc, year, unit, principal, event types and time range,
 * every filter optional and combined with AND, and the page.
 */

import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { IsCleanText, IsEntityId, IsQueryInteger, IsYearParam, Optional } from '../../http/validators.js';
import { IsInstant } from '../instant.validator.js';

const EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS);

const MAX_AUDIT_PAGE = 1000;

export class SearchAuditDto {
  @ApiPropertyOptional({ example: 'kg-khoi-4' })
  @Optional()
  @IsEntityId()
  blocId?: string;

  @ApiPropertyOptional({ example: 2017 })
  @Optional()
  @IsYearParam()
  year?: number;

  @ApiPropertyOptional({
    example: 'lao-dong',
    description: 'Events whose data names this unit, in any stream',
  })
  @Optional()
  @IsEntityId()
  unitId?: string;

  @ApiPropertyOptional({ description: "The acting principal's subject (token `sub`)" })
  @Optional()
  // Matched as the token's `sub` was written, so not normalised; only its characters are checked.
  @IsString()
  @MaxLength(200)
  @IsCleanText('line')
  actor?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'ScoreAwarded,ScoringFinalized',
    description: 'Event types, comma-separated',
  })
  @Optional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'Recorded at or after this moment (ISO-8601)' })
  @Optional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before this moment (ISO-8601)' })
  @Optional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @Optional()
  @IsQueryInteger(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 })
  @Optional()
  @IsQueryInteger(1, MAX_AUDIT_PAGE)
  limit?: number;
}
