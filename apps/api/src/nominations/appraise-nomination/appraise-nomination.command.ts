/** What the board's appraisal of a nomination carries: its outcome and reason, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { AppraiseNomination } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class AppraiseNominationCommand extends Command<CommandAccepted> {
  constructor(
    readonly nominationId: string,
    readonly data: AppraiseNomination['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
