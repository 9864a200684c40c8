/** Decides annulling a conferred honour through nominationDecider and appends it to the nomination's stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { decideNominationStep } from '../nomination-steps.js';
import { AnnulHonourCommand } from './annul-honour.command.js';

@CommandHandler(AnnulHonourCommand)
export class AnnulHonourHandler implements ICommandHandler<AnnulHonourCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ nominationId, data, origin }: AnnulHonourCommand): Promise<CommandAccepted> {
    const metadata = commandMetadata(origin, data.reason);
    return decideNominationStep(
      this.streams,
      nominationId,
      () => ({ type: 'AnnulHonour', data, metadata }),
      origin,
      data.reason,
    );
  }
}
