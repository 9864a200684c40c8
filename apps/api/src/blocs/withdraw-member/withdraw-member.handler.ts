/**
 * Decides a member's withdrawal through blocDecider and appends MemberWithdrawn to the bloc
 * stream; a unit in the path that is no member is not found.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type BlocDeciderState,
  blocDecider,
  blocStream,
  DomainError,
  type WithdrawMember,
} from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { WithdrawMemberCommand } from './withdraw-member.command.js';

@CommandHandler(WithdrawMemberCommand)
export class WithdrawMemberHandler implements ICommandHandler<WithdrawMemberCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ data, reason, origin }: WithdrawMemberCommand): Promise<CommandAccepted> {
    const command: WithdrawMember = {
      type: 'WithdrawMember',
      data,
      metadata: commandMetadata(origin, reason),
    };
    return this.streams.decideAndAppend(
      blocStream(data.blocId),
      blocDecider,
      (bloc) => {
        requireMemberInPath(bloc, data.unitId);
        return blocDecider.decide(command, bloc);
      },
      origin,
      reason,
    );
  }
}

/** The unit is addressed by the path (`/members/:unitId`): a unit that is no member is not found. */
function requireMemberInPath(bloc: BlocDeciderState, unitId: string): void {
  if (bloc !== null && !bloc.members.some((member) => member.unitId === unitId)) {
    throw new DomainError('NOT_FOUND', `${unitId} is not a member of bloc ${bloc.blocId}`, { unitId });
  }
}
