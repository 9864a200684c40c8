/**
 * The bloc's roll-call votes on honouring and electing: opening one on a candidate, each member
 * casting its own ballot, closing it against the year's regulation. They live on the cycle's
 * stream, so a ballot, a closing and the decision recorded from the vote are all decided on
 * one consistent state (see the architecture notes).
 */
import { forbidOwnUnit, requireBlocLeadership } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, Votes, VoteSubject } from '../events.js';
import { entryOf } from '../records.js';
import { votePasses, voteRuleOf } from '../regulation.js';
import type { CastBallot, CloseVote, OpenVote } from './cycle.commands.js';
import {
  type CycleState,
  policyApplied,
  requireMember,
  requirePhase,
  type VoteState,
} from './cycle.state.js';

export function openVote(command: OpenVote, state: CycleState): readonly CycleEvent[] {
  const { actor } = command.metadata;
  const { voteId, subject, unitId } = command.data;
  requireBlocLeadership(actor, state, `open a vote on the ${subject}`);
  // Putting its own unit to the vote is deciding about it, as recording the result is.
  forbidOwnUnit(actor, unitId, `put to the vote (${subject})`);
  requirePhase(state, ['finalized'], `open a vote on the ${subject}`);
  requireMember(state, unitId);
  if (entryOf(state.votes, voteId) !== undefined) {
    throw new DomainError('ALREADY_EXISTS', `Vote ${voteId} is already open`, { voteId });
  }
  const decided = subject === 'leading-unit' ? state.leadingUnit : (state.elected[subject]?.unitId ?? null);
  if (decided !== null) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `The ${subject} of ${state.year} is already decided: ${decided}`,
      {
        subject,
        unitId: decided,
      },
    );
  }
  return [
    {
      type: 'VoteOpened',
      data: {
        blocId: state.blocId,
        year: state.year,
        voteId,
        subject,
        unitId,
        electorate: state.members.map((m) => m.unitId),
      },
    },
  ];
}

export function castBallot(command: CastBallot, state: CycleState): readonly CycleEvent[] {
  const { actor } = command.metadata;
  const { voteId, unitId, choice } = command.data;
  // A roll-call ballot is the unit's own voice: nobody, the board included, casts it for it.
  if (actor.role !== 'unit' || actor.unit !== unitId) {
    throw new DomainError('FORBIDDEN', `Only an officer of ${unitId} casts its ballot`, {
      role: actor.role,
      unit: actor.unit,
      unitId,
    });
  }
  const vote = existingVote(state, voteId);
  requireOpen(state, vote, 'cast a ballot');
  if (!vote.electorate.includes(unitId)) {
    throw new DomainError('NOT_A_MEMBER', `${unitId} is not a member of the ${state.year} cycle`, { unitId });
  }
  const cast = entryOf(vote.ballots, unitId);
  if (cast !== undefined) {
    throw new DomainError('ALREADY_VOTED', `${unitId} has already voted ${cast} on vote ${voteId}`, {
      voteId,
      unitId,
    });
  }
  return [{ type: 'BallotCast', data: { blocId: state.blocId, year: state.year, voteId, unitId, choice } }];
}

export function closeVote(command: CloseVote, state: CycleState): readonly CycleEvent[] {
  const { voteId } = command.data;
  requireBlocLeadership(command.metadata.actor, state, 'close a vote');
  const vote = existingVote(state, voteId);
  requireOpen(state, vote, 'close the vote');
  const rule = voteRuleOf(policyApplied(state, command.context).policy);
  const votes = tallyOf(vote);
  const notVoted = vote.electorate.length - (votes.for + votes.against + votes.abstain);
  return [
    {
      type: 'VoteClosed',
      data: {
        blocId: state.blocId,
        year: state.year,
        voteId,
        subject: vote.subject,
        unitId: vote.unitId,
        ...votes,
        notVoted,
        rule,
        passed: votePasses(votes, vote.electorate.length, rule),
      },
    },
  ];
}

/**
 * The tally of the closed, passed vote that decides `subject` for `unitId`: UNKNOWN_VOTE for
 * no such vote, VOTE_MISMATCH for a vote on another subject or candidate, WRONG_PHASE while it
 * is open, ELECTION_NOT_PASSED when it failed.
 */
export function decidingVote(state: CycleState, voteId: string, subject: VoteSubject, unitId: string): Votes {
  const vote = entryOf(state.votes, voteId);
  if (vote === undefined) {
    throw new DomainError('UNKNOWN_VOTE', `No vote ${voteId} in the ${state.year} cycle`, { voteId });
  }
  if (vote.subject !== subject || vote.unitId !== unitId) {
    throw new DomainError(
      'VOTE_MISMATCH',
      `Vote ${voteId} was on ${vote.subject} ${vote.unitId}, not on ${subject} ${unitId}`,
      { voteId, vote: { subject: vote.subject, unitId: vote.unitId }, asked: { subject, unitId } },
    );
  }
  if (vote.result === null) {
    throw new DomainError('WRONG_PHASE', `Vote ${voteId} is still open: close it first`, { voteId });
  }
  const { for: votesFor, against, abstain, passed } = vote.result;
  if (!passed) {
    throw new DomainError('ELECTION_NOT_PASSED', `Vote ${voteId} did not pass`, {
      voteId,
      votes: { for: votesFor, against, abstain },
    });
  }
  return { for: votesFor, against, abstain };
}

function existingVote(state: CycleState, voteId: string): VoteState {
  const vote = entryOf(state.votes, voteId);
  if (vote === undefined) {
    throw new DomainError('NOT_FOUND', `No vote ${voteId} in the ${state.year} cycle`, { voteId });
  }
  return vote;
}

function requireOpen(state: CycleState, vote: VoteState, action: string): void {
  requirePhase(state, ['finalized'], action);
  if (vote.result !== null) {
    throw new DomainError('WRONG_PHASE', `Vote ${vote.voteId} is closed: cannot ${action}`, {
      voteId: vote.voteId,
    });
  }
}

function tallyOf(vote: VoteState): Votes {
  const choices = Object.values(vote.ballots);
  const count = (choice: string) => choices.filter((c) => c === choice).length;
  return { for: count('for'), against: count('against'), abstain: count('abstain') };
}
