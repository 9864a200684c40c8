/**
 * Decides an award or revision of a unit's points through
 * cycleDecider and appends it to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { AwardScoreCommand } from './award-score.command.js';

@CommandHandler(AwardScoreCommand)
export class AwardScoreHandler implements ICommandHandler<AwardScoreCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin, reason }: AwardScoreCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) =>
        cycleDecider.decide({ type: 'AwardScore', data, metadata: commandMetadata(origin, reason) }, state),
      origin,
      reason,
    );
  }
}
