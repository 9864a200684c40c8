/** What resubmitting a returned nomination carries: the new documents, a note, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { ResubmitNomination } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class ResubmitNominationCommand extends Command<CommandAccepted> {
  constructor(
    readonly nominationId: string,
    readonly data: ResubmitNomination['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
