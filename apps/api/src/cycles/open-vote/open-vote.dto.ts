/** The body of POST …/votes: what the roll-call vote decides, and about which unit. */
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsEntityId } from '../../http/validators.js';

export class OpenVoteDto {
  @ApiProperty({ enum: ['leading-unit', 'leader', 'deputy'], example: 'leading-unit' })
  @IsIn(['leading-unit', 'leader', 'deputy'])
  subject!: 'leading-unit' | 'leader' | 'deputy';

  @ApiProperty({ example: 'lao-dong', description: 'The candidate unit' })
  @IsEntityId()
  candidate!: string;
}
