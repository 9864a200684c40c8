/** Decides opening a roll-call vote through cycleDecider and appends VoteOpened to the cycle stream. */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { OpenVoteCommand } from './open-vote.command.js';

@CommandHandler(OpenVoteCommand)
export class OpenVoteHandler implements ICommandHandler<OpenVoteCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: OpenVoteCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => cycleDecider.decide({ type: 'OpenVote', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
