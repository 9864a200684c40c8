/**
 * Decides a unit's indicator target through cycleDecider
 * and appends IndicatorTargetSet to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { SetIndicatorTargetCommand } from './set-indicator-target.command.js';

@CommandHandler(SetIndicatorTargetCommand)
export class SetIndicatorTargetHandler implements ICommandHandler<SetIndicatorTargetCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: SetIndicatorTargetCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) =>
        cycleDecider.decide({ type: 'SetIndicatorTarget', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
