/** The query string of GET /api/honours: province, year and unit, every filter optional. */

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEntityId, IsName, IsYearParam, Optional } from '../../http/validators.js';

export class ListHonoursDto {
  @ApiPropertyOptional({ example: 'Kiên Giang' })
  @Optional()
  @IsName()
  province?: string;

  @ApiPropertyOptional({ example: 2017 })
  @Optional()
  @IsYearParam()
  year?: number;

  @ApiPropertyOptional({ example: 'lao-dong' })
  @Optional()
  @IsEntityId()
  unitId?: string;
}
