/** Decides the council's vote through nominationDecider and appends it to the nomination's stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { decideNominationStep } from '../nomination-steps.js';
import { RecordCouncilVoteCommand } from './record-council-vote.command.js';

@CommandHandler(RecordCouncilVoteCommand)
export class RecordCouncilVoteHandler implements ICommandHandler<RecordCouncilVoteCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ nominationId, data, origin }: RecordCouncilVoteCommand): Promise<CommandAccepted> {
    const metadata = commandMetadata(origin);
    return decideNominationStep(
      this.streams,
      nominationId,
      () => ({ type: 'RecordCouncilVote', data, metadata }),
      origin,
    );
  }
}
