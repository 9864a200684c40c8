/**
 * Decides a self-assessment through unitCycleDecider and writes it to the unit's own stream; the
 * cycle's phase and targets come in as context.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream, unitCycleDecider, unitCycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { SubmitSelfAssessmentCommand } from './submit-self-assessment.command.js';

@CommandHandler(SubmitSelfAssessmentCommand)
export class SubmitSelfAssessmentHandler implements ICommandHandler<SubmitSelfAssessmentCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle: { blocId, year }, data, origin }: SubmitSelfAssessmentCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      unitCycleStream(blocId, year, data.unitId),
      unitCycleDecider,
      async (unit, streams) => {
        const cycle = await streams.load(cycleStream(blocId, year), cycleDecider);
        const context = { cycle: cycle.state };
        return unitCycleDecider.decide(
          { type: 'SubmitSelfAssessment', data, metadata: commandMetadata(origin), context },
          unit,
        );
      },
      origin,
    );
  }
}
