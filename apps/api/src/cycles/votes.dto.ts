/** The tally of a bloc vote (honouring, elections). */

import { ApiProperty } from '@nestjs/swagger';
import { IsVoteCount } from '../http/validators.js';

export class VotesDto {
  @ApiProperty({ example: 7 })
  @IsVoteCount()
  for!: number;

  @ApiProperty({ example: 0 })
  @IsVoteCount()
  against!: number;

  @ApiProperty({ example: 0 })
  @IsVoteCount()
  abstain!: number;
}
