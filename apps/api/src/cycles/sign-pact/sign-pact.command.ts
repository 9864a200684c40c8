/**
 * What signing the pact carries: the bloc-year, the
 * signing unit and its signatory, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { SignPact } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class SignPactCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: SignPact['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
