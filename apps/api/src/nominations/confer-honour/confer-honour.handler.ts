/** Decides conferring an approved nomination's honour through nominationDecider and appends it to its stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { decideNominationStep } from '../nomination-steps.js';
import { ConferHonourCommand } from './confer-honour.command.js';

@CommandHandler(ConferHonourCommand)
export class ConferHonourHandler implements ICommandHandler<ConferHonourCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ nominationId, data, origin }: ConferHonourCommand): Promise<CommandAccepted> {
    const metadata = commandMetadata(origin);
    return decideNominationStep(
      this.streams,
      nominationId,
      () => ({ type: 'ConferHonour', data, metadata }),
      origin,
    );
  }
}
