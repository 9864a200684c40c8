/** What finalizing the scoring carries: which cycle, an empty body, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { FinalizeScoring } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class FinalizeScoringCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: FinalizeScoring['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
