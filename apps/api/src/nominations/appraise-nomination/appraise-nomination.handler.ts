/** Decides the board's appraisal through nominationDecider and appends it to the nomination's stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { decideNominationStep } from '../nomination-steps.js';
import { AppraiseNominationCommand } from './appraise-nomination.command.js';

@CommandHandler(AppraiseNominationCommand)
export class AppraiseNominationHandler implements ICommandHandler<AppraiseNominationCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ nominationId, data, origin }: AppraiseNominationCommand): Promise<CommandAccepted> {
    const metadata = commandMetadata(origin, data.reason);
    return decideNominationStep(
      this.streams,
      nominationId,
      () => ({ type: 'AppraiseNomination', data, metadata }),
      origin,
      data.reason,
    );
  }
}
