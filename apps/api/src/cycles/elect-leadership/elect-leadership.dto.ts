/**
 * The body of POST …/elections: the office elected for next
 * year (leader or deputy), the unit, and the vote tally.
 */

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateNested } from 'class-validator';
import { IsEntityId } from '../../http/validators.js';
import { VotesDto } from '../votes.dto.js';

export class ElectLeadershipDto {
  @ApiProperty({
    enum: ['leader', 'deputy'],
    example: 'leader',
    description: 'The office elected, for next year',
  })
  @IsIn(['leader', 'deputy'])
  role!: 'leader' | 'deputy';

  @ApiProperty({ example: 'van-hoa' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ type: VotesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => VotesDto)
  votes!: VotesDto;
}
