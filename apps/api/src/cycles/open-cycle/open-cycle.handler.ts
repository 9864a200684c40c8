import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  blocDecider,
  blocStream,
  cycleDecider,
  cycleStream,
  leadershipHistoryAfter,
  type OpenCycle,
} from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { OpenCycleCommand } from './open-cycle.command.js';

@CommandHandler(OpenCycleCommand)
export class OpenCycleHandler implements ICommandHandler<OpenCycleCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ data, origin }: OpenCycleCommand): Promise<CommandAccepted> {
    const { blocId, year } = data;
    return this.streams.decideAndAppend(
      cycleStream(blocId, year),
      cycleDecider,
      async (cycle) =>
        cycleDecider.decide(
          {
            type: 'OpenCycle',
            data,
            metadata: commandMetadata(origin),
            context: await this.context(blocId, year),
          },
          cycle,
        ),
      origin,
    );
  }

  /** The bloc as it is now, and last year's cycle: its elections name this year's leadership. */
  private async context(blocId: string, year: number): Promise<OpenCycle['context']> {
    const [bloc, previous] = await Promise.all([
      this.streams.load(blocStream(blocId), blocDecider),
      this.streams.load(cycleStream(blocId, year - 1), cycleDecider),
    ]);
    return {
      bloc: bloc.state,
      previous: previous.state,
      leadershipHistory: previous.state === null ? [] : leadershipHistoryAfter(previous.state),
    };
  }
}
