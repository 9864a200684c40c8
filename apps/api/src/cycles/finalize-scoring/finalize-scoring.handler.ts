/**
 * Decides freezing all points through cycleDecider
 * and appends ScoringFinalized to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { FinalizeScoringCommand } from './finalize-scoring.command.js';

@CommandHandler(FinalizeScoringCommand)
export class FinalizeScoringHandler implements ICommandHandler<FinalizeScoringCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: FinalizeScoringCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) =>
        cycleDecider.decide({ type: 'FinalizeScoring', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
