/** What closing a roll-call vote carries: the bloc-year, the vote, and who closed it. */
import { Command } from '@nestjs/cqrs';
import type { CloseVote } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';
import type { CycleKey } from '../cycle-key.js';

export class CloseVoteCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: CloseVote['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
