/**
 * Decides a resubmission through nominationDecider, with the leader and deputy of the
 * nomination's cycle (who may resubmit) read from the cycle's stream, and appends it to the
 * nomination's stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { decideNominationStep } from '../nomination-steps.js';
import { ResubmitNominationCommand } from './resubmit-nomination.command.js';

@CommandHandler(ResubmitNominationCommand)
export class ResubmitNominationHandler implements ICommandHandler<ResubmitNominationCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ nominationId, data, origin }: ResubmitNominationCommand): Promise<CommandAccepted> {
    return decideNominationStep(
      this.streams,
      nominationId,
      async (nomination, streams) => {
        // A nomination exists only for an opened cycle; without one the decider answers NOT_FOUND.
        const cycle =
          nomination === null
            ? null
            : (await streams.load(cycleStream(nomination.blocId, nomination.year), cycleDecider)).state;
        return {
          type: 'ResubmitNomination',
          data,
          metadata: commandMetadata(origin),
          context: { cycle: { leader: cycle?.leader ?? '', deputy: cycle?.deputy ?? '' } },
        };
      },
      origin,
    );
  }
}
