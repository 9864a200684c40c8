/**
 * Opens the year-end review: fences every member's stream with ReportingClosed
 * (unitCycleDecider), then appends ReviewOpened through cycleDecider.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream, unitCycleDecider, unitCycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { OpenReviewCommand } from './open-review.command.js';

/**
 * Opening the review closes reporting. Reports are written to each unit's own stream, decided
 * against the cycle's phase as it was read, so the cycle stream alone cannot refuse one that
 * is already decided. The handler therefore fences each member's stream first
 * (`ReportingClosed`, at the revision it read), then appends `ReviewOpened`: a report decided
 * just before then conflicts on its unit's stream, is decided again, and is refused. A report
 * that gets in first lands before the fence, and so before `ReviewOpened`. Each step is safe to
 * run again, so a retried command finishes what an interrupted one began.
 */
@CommandHandler(OpenReviewCommand)
export class OpenReviewHandler implements ICommandHandler<OpenReviewCommand> {
  constructor(private readonly streams: EventStreams) {}

  async execute({ cycle, data, origin }: OpenReviewCommand): Promise<CommandAccepted> {
    const { blocId, year } = cycle;
    const metadata = commandMetadata(origin);
    // Decided first, without writing: a refused opening fences nothing.
    const { state } = await this.streams.load(cycleStream(blocId, year), cycleDecider);
    cycleDecider.decide({ type: 'OpenReview', data, metadata }, state);

    for (const { unitId } of state!.members) {
      await this.streams.decideAndAppend(
        unitCycleStream(blocId, year, unitId),
        unitCycleDecider,
        (unit) =>
          unitCycleDecider.decide(
            { type: 'CloseReporting', data: { unitId }, metadata, context: { cycle: state } },
            unit,
          ),
        origin,
      );
    }
    return this.streams.decideAndAppend(
      cycleStream(blocId, year),
      cycleDecider,
      (current) => cycleDecider.decide({ type: 'OpenReview', data, metadata }, current),
      origin,
    );
  }
}
