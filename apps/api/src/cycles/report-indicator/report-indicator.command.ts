/**
 * What an indicator report carries: the bloc-year, the unit, indicator, period and actual value
 * with an optional note, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { ReportIndicator } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class ReportIndicatorCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: ReportIndicator['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
