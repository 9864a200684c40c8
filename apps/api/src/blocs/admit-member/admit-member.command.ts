/** What admitting a member carries: the bloc, the unit's id and name, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { AdmitMember } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class AdmitMemberCommand extends Command<CommandAccepted> {
  constructor(
    readonly data: AdmitMember['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
