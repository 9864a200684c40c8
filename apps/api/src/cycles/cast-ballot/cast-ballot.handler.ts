/** Decides a unit's ballot through cycleDecider and appends BallotCast to the cycle stream. */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { CastBallotCommand } from './cast-ballot.command.js';

@CommandHandler(CastBallotCommand)
export class CastBallotHandler implements ICommandHandler<CastBallotCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: CastBallotCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => cycleDecider.decide({ type: 'CastBallot', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
