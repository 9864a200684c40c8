import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { OpenReviewCommand } from './open-review.command.js';

@CommandHandler(OpenReviewCommand)
export class OpenReviewHandler implements ICommandHandler<OpenReviewCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: OpenReviewCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => cycleDecider.decide({ type: 'OpenReview', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
