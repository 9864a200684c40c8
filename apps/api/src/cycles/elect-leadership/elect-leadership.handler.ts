/**
 * Decides next year's leader or deputy election through cycleDecider, under the year's
 * regulation, and appends it to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { policyContext } from '../policy-in-force.js';
import { ElectLeadershipCommand } from './elect-leadership.command.js';

@CommandHandler(ElectLeadershipCommand)
export class ElectLeadershipHandler implements ICommandHandler<ElectLeadershipCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: ElectLeadershipCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      async (state) =>
        cycleDecider.decide(
          {
            type: 'Elect',
            data,
            metadata: commandMetadata(origin),
            context: await policyContext(this.streams, cycle),
          },
          state,
        ),
      origin,
    );
  }
}
