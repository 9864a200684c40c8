/**
 * Decides adopting the bloc's regulation through blocDecider, with the year's cycles as
 * context (who leads the year, how far its scoring is, the latest year opened), and appends
 * RegulationAdopted to the bloc's stream.
 */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AdoptRegulation,
  blocCyclesPrefix,
  blocDecider,
  blocStream,
  cycleDecider,
  cycleStream,
} from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { AdoptRegulationCommand } from './adopt-regulation.command.js';

@CommandHandler(AdoptRegulationCommand)
export class AdoptRegulationHandler implements ICommandHandler<AdoptRegulationCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ data, origin }: AdoptRegulationCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      blocStream(data.blocId),
      blocDecider,
      async (bloc) =>
        blocDecider.decide(
          {
            type: 'AdoptRegulation',
            data,
            metadata: commandMetadata(origin),
            context: await this.context(data.blocId, data.year),
          },
          bloc,
        ),
      origin,
    );
  }

  /**
   * The year's cycle (its leader, deputy and phase), or before it opens last year's elected
   * leader and deputy; and the latest year the bloc opened.
   */
  private async context(blocId: string, year: number): Promise<AdoptRegulation['context']> {
    const [cycle, previous, opened] = await Promise.all([
      this.streams.load(cycleStream(blocId, year), cycleDecider),
      this.streams.load(cycleStream(blocId, year - 1), cycleDecider),
      this.streams.find({ types: ['CycleOpened'], streamPrefix: blocCyclesPrefix(blocId) }),
    ]);
    const openedYears = opened.flatMap((event) =>
      event.type === 'CycleOpened' && event.data.blocId === blocId ? [event.data.year] : [],
    );
    const elected = previous.state?.elected;
    const yearLeadership =
      cycle.state !== null
        ? { leader: cycle.state.leader, deputy: cycle.state.deputy }
        : elected?.leader && elected.deputy
          ? { leader: elected.leader.unitId, deputy: elected.deputy.unitId }
          : null;
    return {
      yearLeadership,
      yearPhase: cycle.state?.phase ?? null,
      latestOpenedYear: openedYears.length === 0 ? null : Math.max(...openedYears),
    };
  }
}
