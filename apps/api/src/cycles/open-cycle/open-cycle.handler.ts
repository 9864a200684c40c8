/**
 * Decides opening a bloc's year through cycleDecider, with the bloc and its latest earlier cycle
 * as context (members, elected leadership, rotation), and appends CycleOpened.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  blocCyclesPrefix,
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

  /**
   * The bloc as it is now, and its latest cycle before this year: last year's elections name
   * this year's leadership, and the latest cycle holds the bloc's leadership terms across the
   * years (rotation reads all of them, also when the bloc skipped a year).
   */
  private async context(blocId: string, year: number): Promise<OpenCycle['context']> {
    const [bloc, previousYear] = await Promise.all([
      this.streams.load(blocStream(blocId), blocDecider),
      this.latestYearBefore(blocId, year),
    ]);
    const previous =
      previousYear === undefined
        ? null
        : (await this.streams.load(cycleStream(blocId, previousYear), cycleDecider)).state;
    return {
      bloc: bloc.state,
      previous,
      leadershipHistory: previous === null ? [] : leadershipHistoryAfter(previous),
    };
  }

  /** The latest year before `year` the bloc opened a cycle for, if any. */
  private async latestYearBefore(blocId: string, year: number): Promise<number | undefined> {
    const opened = await this.streams.find({
      types: ['CycleOpened'],
      streamPrefix: blocCyclesPrefix(blocId),
    });
    let latest: number | undefined;
    for (const event of opened) {
      if (event.type !== 'CycleOpened') continue;
      const opens = event.data.year;
      if (opens < year && (latest === undefined || opens > latest)) latest = opens;
    }
    return latest;
  }
}
