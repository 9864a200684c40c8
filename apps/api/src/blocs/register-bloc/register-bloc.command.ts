/**
 * What registering a bloc carries: its id, name,
 * province, members and leadership policy, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { RegisterBloc } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class RegisterBlocCommand extends Command<CommandAccepted> {
  constructor(
    readonly data: RegisterBloc['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
