/** What closing a bloc-year carries: which cycle, an empty body, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { CloseCycle } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class CloseCycleCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: CloseCycle['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
