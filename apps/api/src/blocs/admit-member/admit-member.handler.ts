/**
 * Decides a unit's admission through blocDecider and appends MemberAdmitted to the bloc stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { blocDecider, blocStream } from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { AdmitMemberCommand } from './admit-member.command.js';

@CommandHandler(AdmitMemberCommand)
export class AdmitMemberHandler implements ICommandHandler<AdmitMemberCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ data, origin }: AdmitMemberCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      blocStream(data.blocId),
      blocDecider,
      (bloc) => blocDecider.decide({ type: 'AdmitMember', data, metadata: commandMetadata(origin) }, bloc),
      origin,
    );
  }
}
