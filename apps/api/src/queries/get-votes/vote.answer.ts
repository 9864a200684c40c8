/** VoteAnswer: one roll-call vote, as `GET …/votes` (a list) and `GET …/votes/:voteId` answer it. */
import { ApiProperty } from '@nestjs/swagger';
import type { BallotChoice, VoteSubject } from '@app/domain';
import type { VoteTally, VoteView } from '@app/projections';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const BALLOT_CHOICES = enumValues<BallotChoice>()('for', 'against', 'abstain');

export class BallotAnswer {
  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty({ enum: BALLOT_CHOICES })
  readonly choice!: BallotChoice;
}

export class VoteTallyAnswer {
  @ApiProperty({ type: 'integer' })
  readonly for!: number;

  @ApiProperty({ type: 'integer' })
  readonly against!: number;

  @ApiProperty({ type: 'integer' })
  readonly abstain!: number;

  @ApiProperty({ type: 'integer', description: 'Electors who cast no ballot' })
  readonly notVoted!: number;
}

export class VoteAnswer {
  @ApiProperty()
  readonly voteId!: string;

  @ApiProperty({ enum: enumValues<VoteSubject>()('leading-unit', 'leader', 'deputy') })
  readonly subject!: VoteSubject;

  @ApiProperty({ description: 'The unit the vote is on' })
  readonly candidate!: string;

  @ApiProperty({ enum: enumValues<VoteView['status']>()('open', 'closed') })
  readonly status!: 'open' | 'closed';

  @ApiProperty({ type: [BallotAnswer], description: 'In the order cast' })
  readonly ballots!: readonly BallotAnswer[];

  @ApiProperty({ type: VoteTallyAnswer })
  readonly tally!: VoteTallyAnswer;

  @ApiProperty({ type: Boolean, nullable: true, description: 'null while the vote is open' })
  readonly passed!: boolean | null;
}

sameShape<VoteView['ballots'][number], BallotAnswer>();
sameShape<VoteTally, VoteTallyAnswer>();
sameShape<VoteView, VoteAnswer>();
