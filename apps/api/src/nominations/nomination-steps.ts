/** Decides a step on an existing nomination through nominationDecider and appends it to its stream. */

import {
  type NominationCommand,
  type NominationState,
  nominationDecider,
  nominationStream,
} from '@app/domain';
import type { CommandAccepted } from '../write/command-accepted.js';
import type { CommandOrigin } from '../write/command-origin.js';
import type { DecisionContext, EventStreams } from '../write/event-streams.js';

/**
 * `command` is built per attempt, from the state the step is decided on; it reads other streams
 * through the decision's `context`.
 */
export function decideNominationStep(
  streams: EventStreams,
  nominationId: string,
  command: (
    state: NominationState,
    context: DecisionContext,
  ) => NominationCommand | Promise<NominationCommand>,
  origin: CommandOrigin,
  reason?: string,
): Promise<CommandAccepted> {
  return streams.decideAndAppend(
    nominationStream(nominationId),
    nominationDecider,
    async (state, context) => nominationDecider.decide(await command(state, context), state),
    origin,
    reason,
  );
}
