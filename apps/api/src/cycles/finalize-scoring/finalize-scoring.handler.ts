/**
 * Decides freezing all points through cycleDecider, with the regulation in force for the year
 * on the bloc's stream as context, and appends ScoringFinalized (which records that regulation)
 * to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { policyContext } from '../policy-in-force.js';
import { FinalizeScoringCommand } from './finalize-scoring.command.js';

@CommandHandler(FinalizeScoringCommand)
export class FinalizeScoringHandler implements ICommandHandler<FinalizeScoringCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: FinalizeScoringCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      async (state, streams) =>
        cycleDecider.decide(
          {
            type: 'FinalizeScoring',
            data,
            metadata: commandMetadata(origin),
            context: await policyContext(streams, cycle),
          },
          state,
        ),
      origin,
    );
  }
}
