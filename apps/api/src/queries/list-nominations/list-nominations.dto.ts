/** The query string of GET /api/nominations: province, year, bloc and status, every filter optional. */

import { ApiPropertyOptional } from '@nestjs/swagger';
import type { NominationStatus } from '@app/domain';
import { IsIn } from 'class-validator';
import { IsEntityId, IsName, IsYearParam, Optional } from '../../http/validators.js';

export const NOMINATION_STATUSES: readonly NominationStatus[] = [
  'submitted',
  'returned',
  'forwarded',
  'approved',
  'rejected',
  'conferred',
  'annulled',
];

export class ListNominationsDto {
  @ApiPropertyOptional({ example: 'Kiên Giang' })
  @Optional()
  @IsName()
  province?: string;

  @ApiPropertyOptional({ example: 2017 })
  @Optional()
  @IsYearParam()
  year?: number;

  @ApiPropertyOptional({ example: 'kg-khoi-4' })
  @Optional()
  @IsEntityId()
  blocId?: string;

  @ApiPropertyOptional({ enum: NOMINATION_STATUSES })
  @Optional()
  @IsIn(NOMINATION_STATUSES)
  status?: NominationStatus;
}
