/**
 * What setting an indicator target carries: the bloc-year, the unit's indicator with its
 * criterion, measure, direction and target, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { SetIndicatorTarget } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class SetIndicatorTargetCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: SetIndicatorTarget['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
