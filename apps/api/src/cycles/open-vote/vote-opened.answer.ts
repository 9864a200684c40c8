/** The answer to an opened vote (201): the command's answer and the new vote's id. */
import { ApiProperty } from '@nestjs/swagger';
import { CommandAccepted } from '../../write/command-accepted.js';

export class VoteOpenedAnswer extends CommandAccepted {
  @ApiProperty({ description: "The vote's id, for its ballots and its closing" })
  voteId!: string;
}
