/** What opening a roll-call vote carries: the bloc-year, the vote's id, subject and candidate, and who asked. */
import { Command } from '@nestjs/cqrs';
import type { OpenVote } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';
import type { CycleKey } from '../cycle-key.js';

export class OpenVoteCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: OpenVote['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
