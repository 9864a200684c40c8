/** The body of POST …/votes/:voteId/ballots: the voting unit (the sender's own) and its choice. */
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsEntityId } from '../../http/validators.js';

export class CastBallotDto {
  @ApiProperty({ example: 'y-te', description: "The sender's own unit" })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ enum: ['for', 'against', 'abstain'], example: 'for' })
  @IsIn(['for', 'against', 'abstain'])
  choice!: 'for' | 'against' | 'abstain';
}
