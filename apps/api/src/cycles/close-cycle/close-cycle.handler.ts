/** Decides closing the year through cycleDecider and appends CycleClosed to the cycle stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { CloseCycleCommand } from './close-cycle.command.js';

@CommandHandler(CloseCycleCommand)
export class CloseCycleHandler implements ICommandHandler<CloseCycleCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: CloseCycleCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => cycleDecider.decide({ type: 'CloseCycle', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
