/**
 * The body of POST …/deadlines: what the deadline is for, the reporting period (reporting
 * only), when it is due, and the reason that moving it needs.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/domain';
import { IsMultilineText, IsPeriod, Optional } from '../../http/validators.js';

/**
 * A date and time that means the same everywhere: with `Z` or an offset (a time without one
 * would be read in the server's zone), seconds and milliseconds optional.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const IsDateTime = (): PropertyDecorator =>
  applyDecorators(
    // strict: the calendar must hold the date (no 30 February).
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(DATE_TIME, { message: '$property must be an ISO-8601 date-time with Z or an offset' }),
  );

export class SetDeadlineDto {
  @ApiProperty({ enum: DEADLINE_KINDS, example: 'reporting' })
  @IsIn(DEADLINE_KINDS)
  kind!: DeadlineKind;

  @ApiPropertyOptional({
    example: '2026-H1',
    description: 'Required for, and only for, a reporting deadline',
  })
  @Optional()
  @IsPeriod()
  period?: string;

  @ApiProperty({
    example: '2026-07-05T17:00:00+07:00',
    description: 'ISO-8601 date-time with Z or an offset',
  })
  @IsDateTime()
  due!: string;

  @ApiPropertyOptional({
    example: 'Công văn gia hạn của Ban Thi đua',
    description: 'Required when moving a deadline',
  })
  @Optional()
  @IsMultilineText(1000)
  reason?: string;
}
