/**
 * What opening a bloc's year carries: the bloc, the year, its framework of contents and criteria,
 * the first year's leader and deputy, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { OpenCycle } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class OpenCycleCommand extends Command<CommandAccepted> {
  constructor(
    readonly data: OpenCycle['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
