/**
 * Decides closing a roll-call vote through cycleDecider, under the year's regulation, and
 * appends VoteClosed with its tally to the cycle stream.
 */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { policyContext } from '../policy-in-force.js';
import { CloseVoteCommand } from './close-vote.command.js';

@CommandHandler(CloseVoteCommand)
export class CloseVoteHandler implements ICommandHandler<CloseVoteCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: CloseVoteCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      async (state) =>
        cycleDecider.decide(
          {
            type: 'CloseVote',
            data,
            metadata: commandMetadata(origin),
            context: await policyContext(this.streams, cycle),
          },
          state,
        ),
      origin,
    );
  }
}
