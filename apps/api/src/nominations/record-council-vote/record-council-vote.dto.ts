/** The body of POST /api/nominations/:id/council-vote: the provincial council's size and tally. */

import { ApiProperty } from '@nestjs/swagger';
import { IsDecimal, IsVoteCount } from '../../http/validators.js';

export class RecordCouncilVoteDto {
  @ApiProperty({ example: 9, description: 'Members of the council (Hội đồng Thi đua – Khen thưởng)' })
  @IsDecimal({ min: 1, max: 1000, decimals: 0 })
  councilMembers!: number;

  @ApiProperty({ example: 7 })
  @IsVoteCount()
  for!: number;

  @ApiProperty({ example: 1 })
  @IsVoteCount()
  against!: number;

  @ApiProperty({ example: 1 })
  @IsVoteCount()
  abstain!: number;
}
