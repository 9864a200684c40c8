/**
 * The decider of one nomination (`nomination-{nominationId}`): submitted → returned ↔
 * resubmitted → forwarded → council voted (approved or rejected) → conferred → annulled. A
 * step out of this order is refused with WRONG_PHASE. Submission and its eligibility rules are
 * in `nomination.eligibility.ts`.
 */
import { forbidOwnUnit, requireBlocLeadership, requireBoard } from '../authorization.js';
import { type Actor, type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type {
  AnnulHonour,
  AppraiseNomination,
  ConferHonour,
  NominationCommand,
  RecordCouncilVote,
  ResubmitNomination,
} from './nomination.commands.js';
import { requireDossier } from './nomination.documents.js';
import { submitNomination } from './nomination.eligibility.js';
import type { NominationEvent } from './nomination.events.js';
import { requireWithinProvince } from './nomination.province.js';
import {
  evolveNomination,
  type Nomination,
  type NominationState,
  type NominationStatus,
} from './nomination.state.js';

export const nominationDecider: Decider<NominationCommand, NominationEvent, NominationState> = {
  initialState: () => null,
  evolve: evolveNomination,
  decide,
};

function decide(command: NominationCommand, state: NominationState): readonly NominationEvent[] {
  if (command.type === 'SubmitNomination') return submitNomination(command, state);
  if (state === null) throw new DomainError('NOT_FOUND', 'No such nomination');
  requireWithinProvince(command.metadata.actor, state.province, `nomination ${state.nominationId}`);
  switch (command.type) {
    case 'AppraiseNomination':
      return appraise(command, state);
    case 'ResubmitNomination':
      return resubmit(command, state);
    case 'RecordCouncilVote':
      return recordCouncilVote(command, state);
    case 'ConferHonour':
      return confer(command, state);
    case 'AnnulHonour':
      return annul(command, state);
    default:
      return unreachable(command);
  }
}

function appraise(command: AppraiseNomination, state: Nomination): readonly NominationEvent[] {
  const { outcome, reason } = command.data;
  requireBoard(command.metadata.actor, 'appraise a nomination');
  requireStatus(state, ['submitted'], 'appraise');
  const step = stepOf(state, command.metadata);
  return [
    outcome === 'forwarded'
      ? { type: 'NominationForwarded', data: { ...step, reason } }
      : { type: 'NominationReturned', data: { ...step, reason } },
  ];
}

function resubmit(command: ResubmitNomination, state: Nomination): readonly NominationEvent[] {
  const { actor } = command.metadata;
  const { documents, note } = command.data;
  requireBlocLeadership(actor, command.context.cycle, 'resubmit a nomination');
  forbidOwnUnit(actor, state.unitId, 'nominate');
  requireStatus(state, ['returned'], 'resubmit');
  requireDossier(documents);
  return [
    {
      type: 'NominationResubmitted',
      data: {
        ...stepOf(state, command.metadata),
        documents: documents.map(({ kind, title, sha256 }) => ({ kind, title, sha256 })),
        ...(note === undefined ? {} : { note }),
      },
    },
  ];
}

/** The provincial council passes a nomination with at least two thirds of all its members for. */
function recordCouncilVote(command: RecordCouncilVote, state: Nomination): readonly NominationEvent[] {
  const { councilMembers, for: votesFor, against, abstain } = command.data;
  requireBoard(command.metadata.actor, "record the council's vote");
  requireStatus(state, ['forwarded'], "record the council's vote on");
  if (!Number.isSafeInteger(councilMembers) || councilMembers < 1) {
    throw new DomainError('INVALID_VOTES', 'A council has at least one member', { councilMembers });
  }
  const counts = [votesFor, against, abstain];
  if (counts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new DomainError('INVALID_VOTES', 'Vote counts are whole numbers, 0 or more', { votes: counts });
  }
  if (votesFor + against + abstain > councilMembers) {
    throw new DomainError('INVALID_VOTES', `More votes than the council's ${councilMembers} members`, {
      councilMembers,
    });
  }
  return [
    {
      type: 'CouncilVoted',
      data: {
        ...stepOf(state, command.metadata),
        councilMembers,
        for: votesFor,
        against,
        abstain,
        passed: votesFor * 3 >= councilMembers * 2,
      },
    },
  ];
}

function confer(command: ConferHonour, state: Nomination): readonly NominationEvent[] {
  const { decisionNo, decidedOn, signedBy } = command.data;
  requireBoard(command.metadata.actor, "record the chairman's decision");
  // Only a nomination the council approved can be decided.
  requireStatus(state, ['approved'], 'confer the honour of');
  return [
    {
      type: 'HonourConferred',
      data: {
        ...stepOf(state, command.metadata),
        province: state.province,
        unitName: state.unitName,
        decisionNo,
        decidedOn,
        signedBy,
      },
    },
  ];
}

function annul(command: AnnulHonour, state: Nomination): readonly NominationEvent[] {
  const { decisionNo, reason } = command.data;
  requireBoard(command.metadata.actor, 'annul an honour');
  requireStatus(state, ['conferred'], 'annul the honour of');
  return [{ type: 'HonourAnnulled', data: { ...stepOf(state, command.metadata), decisionNo, reason } }];
}

// --- shared --------------------------------------------------------------------------------

/** What every event of this nomination names, with who takes this step and when. */
function stepOf(state: Nomination, metadata: { readonly actor: Actor; readonly at: string }) {
  const { nominationId, blocId, year, unitId, award } = state;
  return { nominationId, blocId, year, unitId, award, at: metadata.at, by: metadata.actor.sub };
}

/** WRONG_PHASE unless the nomination is in one of the allowed statuses. */
function requireStatus(state: Nomination, allowed: readonly NominationStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw new DomainError(
      'WRONG_PHASE',
      `Cannot ${action} nomination ${state.nominationId} while it is ${state.status}`,
      { status: state.status, allowed },
    );
  }
}
