/**
 * What an election carries: the bloc-year, the office (leader or deputy) for next year, the unit
 * elected, the vote tally, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { Elect } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class ElectLeadershipCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: Elect['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
