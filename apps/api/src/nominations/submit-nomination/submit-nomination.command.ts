/** What submitting a nomination carries: the bloc-year, the unit, award and dossier, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { SubmitNomination } from '@app/domain';
import type { CycleKey } from '../../cycles/cycle-key.js';
import type { CommandOrigin } from '../../write/command-origin.js';
import type { NominationAccepted } from './nomination-accepted.js';

export class SubmitNominationCommand extends Command<NominationAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: SubmitNomination['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
