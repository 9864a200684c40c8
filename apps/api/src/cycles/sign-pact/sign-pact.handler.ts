/**
 * Decides a unit's signature through cycleDecider and appends PactSigned, and PactInForce after
 * the last one, to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { SignPactCommand } from './sign-pact.command.js';

@CommandHandler(SignPactCommand)
export class SignPactHandler implements ICommandHandler<SignPactCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: SignPactCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => cycleDecider.decide({ type: 'SignPact', data, metadata: commandMetadata(origin) }, state),
      origin,
    );
  }
}
