/**
 * The body of POST …/leading-unit: the unit honoured,
 * and the bloc's vote where units tie for rank 1.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { IsEntityId, Optional } from '../../http/validators.js';
import { IsVoteId, VotesDto } from '../votes.dto.js';

export class HonorLeadingUnitDto {
  @ApiProperty({ example: 'lao-dong' })
  @IsEntityId()
  unitId!: string;

  @ApiPropertyOptional({ type: VotesDto, description: "The bloc's vote, needed where units tie for rank 1" })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => VotesDto)
  votes?: VotesDto;

  @ApiPropertyOptional({ description: 'A closed roll-call vote on honouring this unit, instead of a tally' })
  @Optional()
  @IsVoteId()
  voteId?: string;
}
