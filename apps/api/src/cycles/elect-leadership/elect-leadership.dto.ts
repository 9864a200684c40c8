/**
 * The body of POST …/elections: the office elected for next
 * year (leader or deputy), the unit, and the vote tally or the closed roll-call vote.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { IsEntityId, Optional } from '../../http/validators.js';
import { IsVoteId, VotesDto } from '../votes.dto.js';

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

  @ApiPropertyOptional({ type: VotesDto, description: 'The tally of a secret ballot; or give voteId' })
  @ValidateIf((body: ElectLeadershipDto) => body.voteId === undefined || body.votes !== undefined)
  @IsDefined({ message: 'votes or voteId is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => VotesDto)
  votes?: VotesDto;

  @ApiPropertyOptional({
    example: '6f1d2c9e-4b7a-4f0e-9a63-1c2d3e4f5a6b',
    description: 'A closed roll-call vote on this office and unit; or give votes',
  })
  @Optional()
  @IsVoteId()
  voteId?: string;
}
