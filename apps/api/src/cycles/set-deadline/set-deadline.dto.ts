/**
 * The body of POST …/deadlines: what the deadline is for, the reporting period (reporting
 * only), when it is due, and the reason that moving it needs.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/domain';
import { IsDateTime, IsMultilineText, IsPeriod, Optional } from '../../http/validators.js';

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
    format: 'date-time',
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
