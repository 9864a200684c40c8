/** What setting a deadline carries: the bloc-year, the deadline, who asked, and why when it moves. */

import { Command } from '@nestjs/cqrs';
import type { SetDeadline } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class SetDeadlineCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: SetDeadline['data'],
    readonly origin: CommandOrigin,
    /** Required by the domain when the deadline was set before (it moves). */
    readonly reason?: string,
  ) {
    super();
  }
}
