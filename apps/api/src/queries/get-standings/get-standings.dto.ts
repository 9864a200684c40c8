import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../instant.validator.js';

export class GetStandingsDto {
  @ApiPropertyOptional({
    description: 'The standings as recorded at this moment (ISO-8601)',
    example: '2018-01-12T08:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
