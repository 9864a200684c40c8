/** What withdrawing a member carries: the bloc and unit, the reason, and who asked. */

import { Command } from '@nestjs/cqrs';
import type { WithdrawMember } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class WithdrawMemberCommand extends Command<CommandAccepted> {
  constructor(
    readonly data: WithdrawMember['data'],
    readonly reason: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
