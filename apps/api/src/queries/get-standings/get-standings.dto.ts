/** The query string of GET …/standings: `asOf`, the moment whose recorded standings to answer. */

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '../../http/validators.js';
import { IsInstant } from '../instant.validator.js';

export class GetStandingsDto {
  @ApiPropertyOptional({
    description: 'The standings as recorded at this moment (ISO-8601)',
    example: '2018-01-12T08:00:00Z',
  })
  @Optional()
  @IsInstant()
  asOf?: string;
}
