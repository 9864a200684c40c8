/**
 * What honouring the leading unit carries: the bloc-year, the unit honoured, the bloc's vote
 * where units tie for rank 1, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { HonorLeadingUnit } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class HonorLeadingUnitCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: HonorLeadingUnit['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
