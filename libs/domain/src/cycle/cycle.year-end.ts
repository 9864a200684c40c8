/**
 * The end of a bloc-year: honouring the leading unit, electing next year's leader and deputy
 * (with the vote rules they share), and closing the cycle.
 */
import { forbidOwnUnit, requireBlocLeadership } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, Votes } from '../events.js';
import { checkLeaderEligibility } from '../leadership.js';
import { describeThreshold, votePasses, voteRuleOf } from '../regulation.js';
import { unitsTiedAtTop } from '../standings.js';
import type { CloseCycle, Elect, HonorLeadingUnit } from './cycle.commands.js';
import { standingsOf } from './cycle.standings.js';
import {
  type CycleState,
  leadershipHistoryAfter,
  policyApplied,
  requireMember,
  requirePhase,
} from './cycle.state.js';
import { decidingVote } from './cycle.votes.js';

export function honorLeadingUnit(command: HonorLeadingUnit, opened: CycleState): readonly CycleEvent[] {
  const state = policyApplied(opened, command.context);
  const { unitId, voteId } = command.data;
  requireBlocLeadership(command.metadata.actor, state, 'honour the leading unit');
  forbidOwnUnit(command.metadata.actor, unitId, 'honour');
  requirePhase(state, ['finalized'], 'honour the leading unit');
  if (state.leadingUnit !== null) {
    throw new DomainError('ALREADY_EXISTS', `${state.leadingUnit} is already honoured as the leading unit`);
  }
  requireMember(state, unitId);
  requireOneDecision(command.data, false);
  const votes =
    voteId === undefined ? command.data.votes : decidingVote(state, voteId, 'leading-unit', unitId);
  if (votes !== undefined) requireValidVotes(state, votes);
  const top = unitsTiedAtTop(standingsOf(state, command.context.units));
  if (!top.includes(unitId)) {
    throw new DomainError('NOT_TOP_RANKED', `${unitId} is not ranked first: ${top.join(', ')} is`, {
      rankedFirst: top,
    });
  }
  // Where units still tie for rank 1, the bloc's vote decides; a vote given must pass anyway.
  if (votes === undefined && top.length > 1) {
    throw new DomainError(
      'ELECTION_NOT_PASSED',
      `${top.join(', ')} tie for rank 1: the bloc's vote decides`,
      {
        rankedFirst: top,
      },
    );
  }
  if (votes !== undefined) requireMajority(state, votes, `honouring ${unitId}`);
  return [
    {
      type: 'LeadingUnitHonored',
      data: {
        blocId: state.blocId,
        year: state.year,
        unitId,
        ...(votes === undefined ? {} : { votes: tally(votes) }),
        ...(voteId === undefined ? {} : { voteId }),
      },
    },
  ];
}

export function elect(command: Elect, opened: CycleState): readonly CycleEvent[] {
  const state = policyApplied(opened, command.context);
  const { role, unitId, voteId } = command.data;
  requireBlocLeadership(command.metadata.actor, state, `elect next year's ${role}`);
  forbidOwnUnit(command.metadata.actor, unitId, `record the election as ${role} of`);
  // Elections are held at the review, after the scoring is finalized.
  requirePhase(state, ['finalized'], `elect next year's ${role}`);
  requireMember(state, unitId);
  const elected = state.elected[role];
  if (elected !== null) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `${elected.unitId} is already elected ${role} for ${state.year + 1}`,
      {
        role,
        unitId: elected.unitId,
      },
    );
  }
  requireOneDecision(command.data, true);
  const votes = voteId === undefined ? command.data.votes! : decidingVote(state, voteId, role, unitId);
  requireValidVotes(state, votes);
  requireMajority(state, votes, `electing ${unitId} ${role}`);
  const other = state.elected[role === 'leader' ? 'deputy' : 'leader'];
  if (other?.unitId === unitId) {
    throw new DomainError(
      'LEADER_IS_DEPUTY',
      `${unitId} is already elected ${role === 'leader' ? 'deputy' : 'leader'}`,
    );
  }
  if (role === 'leader') {
    checkLeaderEligibility({
      members: state.members,
      candidate: unitId,
      currentLeader: state.leader,
      history: leadershipHistoryAfter(state),
      policy: state.policy,
    });
  }
  const data = {
    blocId: state.blocId,
    year: state.year,
    forYear: state.year + 1,
    unitId,
    votes: tally(votes),
    ...(voteId === undefined ? {} : { voteId }),
  };
  return [role === 'leader' ? { type: 'LeaderElected', data } : { type: 'DeputyElected', data }];
}

export function closeCycle(command: CloseCycle, state: CycleState): readonly CycleEvent[] {
  requireBlocLeadership(command.metadata.actor, state, 'close the cycle');
  requirePhase(state, ['finalized'], 'close the cycle');
  const missing = [
    ...(state.leadingUnit === null ? ['leadingUnit'] : []),
    ...(state.elected.leader === null ? ['leaderElection'] : []),
    ...(state.elected.deputy === null ? ['deputyElection'] : []),
  ];
  if (missing.length > 0) {
    throw new DomainError(
      'WRONG_PHASE',
      `The ${state.year} cycle cannot close before ${missing.join(', ')}`,
      {
        phase: state.phase,
        missing,
      },
    );
  }
  return [{ type: 'CycleClosed', data: { blocId: state.blocId, year: state.year } }];
}

// --- shared rules --------------------------------------------------------------------------

function requireValidVotes(state: CycleState, votes: Votes): void {
  const counts = [votes.for, votes.against, votes.abstain];
  if (counts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new DomainError('INVALID_VOTES', 'Vote counts are whole numbers, 0 or more', { votes });
  }
  if (votes.for + votes.against + votes.abstain > state.members.length) {
    throw new DomainError('INVALID_VOTES', `More votes than the cycle's ${state.members.length} members`, {
      votes,
    });
  }
}

/** The tally as plain data: the command's object may carry more than the three counts. */
function tally({ for: votesFor, against, abstain }: Votes): Votes {
  return { for: votesFor, against, abstain };
}

/**
 * The bloc's decision is a secret ballot's tally or a closed roll-call vote, not both; an
 * election needs one, an honour needs one only where units tie (checked by the caller).
 */
function requireOneDecision(data: { votes?: Votes; voteId?: string }, required: boolean): void {
  if (data.votes !== undefined && data.voteId !== undefined) {
    throw new DomainError(
      'INVALID_VOTES',
      'Give either the tally (votes) or the roll-call vote (voteId), not both',
    );
  }
  if (required && data.votes === undefined && data.voteId === undefined) {
    throw new DomainError('INVALID_VOTES', 'Give the tally (votes) or the roll-call vote (voteId)');
  }
}

/** A vote passes by the year's regulation (default: more than half of the cycle's members for). */
function requireMajority(state: CycleState, votes: Votes, what: string): void {
  const rule = voteRuleOf(state.policy);
  if (!votePasses(votes, state.members.length, rule)) {
    throw new DomainError(
      'ELECTION_NOT_PASSED',
      `${what} needs ${describeThreshold(votes, state.members.length, rule)} for, got ${votes.for}`,
      { votes, members: state.members.length, rule },
    );
  }
}
