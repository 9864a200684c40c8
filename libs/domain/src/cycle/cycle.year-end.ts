/**
 * The end of a bloc-year: honouring the leading unit, electing next year's leader and deputy
 * (with the vote rules they share), and closing the cycle.
 */
import { forbidOwnUnit, requireBlocLeadership } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, Votes } from '../events.js';
import { checkLeaderEligibility } from '../leadership.js';
import { unitsTiedAtTop } from '../standings.js';
import type { CloseCycle, Elect, HonorLeadingUnit } from './cycle.commands.js';
import { standingsOf } from './cycle.standings.js';
import { type CycleState, leadershipHistoryAfter, requireMember, requirePhase } from './cycle.state.js';

export function honorLeadingUnit(command: HonorLeadingUnit, state: CycleState): readonly CycleEvent[] {
  const { unitId, votes } = command.data;
  requireBlocLeadership(command.metadata.actor, state, 'honour the leading unit');
  forbidOwnUnit(command.metadata.actor, unitId, 'honour');
  requirePhase(state, ['finalized'], 'honour the leading unit');
  if (state.leadingUnit !== null) {
    throw new DomainError('ALREADY_EXISTS', `${state.leadingUnit} is already honoured as the leading unit`);
  }
  requireMember(state, unitId);
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
      },
    },
  ];
}

export function elect(command: Elect, state: CycleState): readonly CycleEvent[] {
  const { role, unitId, votes } = command.data;
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

/** A vote passes with votes for from more than half of the cycle's members. */
function requireMajority(state: CycleState, votes: Votes, what: string): void {
  if (votes.for * 2 <= state.members.length) {
    throw new DomainError(
      'ELECTION_NOT_PASSED',
      `${what} needs more than half of ${state.members.length} members for, got ${votes.for}`,
      { votes, members: state.members.length },
    );
  }
}
