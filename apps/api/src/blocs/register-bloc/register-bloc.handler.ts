/**
 * Decides registering a bloc through blocDecider and appends BlocRegistered to the bloc stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { blocDecider, blocStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { RegisterBlocCommand } from './register-bloc.command.js';

@CommandHandler(RegisterBlocCommand)
export class RegisterBlocHandler implements ICommandHandler<RegisterBlocCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ data, origin }: RegisterBlocCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      blocStream(data.blocId),
      blocDecider,
      (bloc) => blocDecider.decide({ type: 'RegisterBloc', data, metadata: commandMetadata(origin) }, bloc),
      origin,
    );
  }
}
