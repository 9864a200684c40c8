/** The tally of a bloc vote (honouring, elections), and the id of a roll-call vote. */

import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsVoteCount } from '../http/validators.js';

/** A roll-call vote's id: the UUID of the command that opened it. */
export const IsVoteId = (): PropertyDecorator =>
  Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: '$property must be a vote id (a lowercase UUID)',
  });

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
