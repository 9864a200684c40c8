/** What annulling a conferred honour carries: the annulling decision's number, the reason, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { AnnulHonour } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class AnnulHonourCommand extends Command<CommandAccepted> {
  constructor(
    readonly nominationId: string,
    readonly data: AnnulHonour['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
