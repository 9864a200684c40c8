/** What casting a ballot carries: the bloc-year, the vote, the unit and its choice, and who cast it. */
import { Command } from '@nestjs/cqrs';
import type { CastBallot } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';
import type { CycleKey } from '../cycle-key.js';

export class CastBallotCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: CastBallot['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
