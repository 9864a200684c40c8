/** What adopting the bloc's regulation for a year carries, and who asked. */
import { Command } from '@nestjs/cqrs';
import type { AdoptRegulation } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class AdoptRegulationCommand extends Command<CommandAccepted> {
  constructor(
    readonly data: AdoptRegulation['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
