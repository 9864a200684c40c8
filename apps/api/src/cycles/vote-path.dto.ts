/** The path of the routes on one roll-call vote: `/blocs/:blocId/cycles/:year/votes/:voteId`. */
import { ApiProperty } from '@nestjs/swagger';
import { CyclePath } from '../http/paths.dto.js';
import { IsVoteId } from './votes.dto.js';

export class VotePath extends CyclePath {
  @ApiProperty({ example: '6f1d2c9e-4b7a-4f0e-9a63-1c2d3e4f5a6b' })
  @IsVoteId()
  voteId!: string;
}
