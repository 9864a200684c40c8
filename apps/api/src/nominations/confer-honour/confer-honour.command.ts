/** What recording the chairman's decision carries: its number, date and signatory, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { ConferHonour } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class ConferHonourCommand extends Command<CommandAccepted> {
  constructor(
    readonly nominationId: string,
    readonly data: ConferHonour['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
