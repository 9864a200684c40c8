/** What recording the council's vote on a nomination carries: the council's size and tally, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { RecordCouncilVote } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class RecordCouncilVoteCommand extends Command<CommandAccepted> {
  constructor(
    readonly nominationId: string,
    readonly data: RecordCouncilVote['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
