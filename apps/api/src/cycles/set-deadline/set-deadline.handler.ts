/** Decides a deadline through cycleDecider and appends DeadlineSet to the cycle stream. */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { SetDeadlineCommand } from './set-deadline.command.js';

@CommandHandler(SetDeadlineCommand)
export class SetDeadlineHandler implements ICommandHandler<SetDeadlineCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin, reason }: SetDeadlineCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) =>
        cycleDecider.decide({ type: 'SetDeadline', data, metadata: commandMetadata(origin, reason) }, state),
      origin,
      reason,
    );
  }
}
