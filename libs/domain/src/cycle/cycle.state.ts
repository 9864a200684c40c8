/**
 * The state of one bloc-year (`cycle-{blocId}:{year}`), folded from its events. It holds
 * everything later decisions need, the member list, the regulation it opened with and its
 * roll-call votes included; only a regulation adopted for the year after it opened comes from
 * the bloc's stream, as command context (`policyApplied`), and only until the year's scoring is
 * finalized: ScoringFinalized records the policy the year keeps from then on.
 */
import { unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import { entryOf } from '../records.js';
import { type Deadline, evolveDeadlines } from './cycle.deadlines.js';
import type {
  BallotChoice,
  CycleEvent,
  DomainEvent,
  Framework,
  IndicatorTargetSet,
  LeadershipPolicy,
  LeadershipTerm,
  Member,
  Signatory,
  Votes,
  VoteSubject,
} from '../events.js';

/** Where a bloc-year stands in its annual cycle (API.md `phase`). */
export type CyclePhase = 'signing' | 'in_force' | 'review' | 'finalized' | 'closed';

/**
 * The phase after an event: the events that move a cycle on, and where each moves it. Every
 * other event keeps the phase. The decider and the read side both go by it.
 */
export function phaseAfter(phase: CyclePhase, event: DomainEvent): CyclePhase {
  switch (event.type) {
    case 'CycleOpened':
      return 'signing';
    case 'PactInForce':
      return 'in_force';
    case 'ReviewOpened':
      return 'review';
    case 'ScoringFinalized':
      return 'finalized';
    case 'CycleClosed':
      return 'closed';
    default:
      return phase;
  }
}

export type IndicatorTargetData = IndicatorTargetSet['data'];

export interface ElectionResult {
  readonly unitId: string;
  readonly votes: Votes;
}

export interface CycleState {
  readonly blocId: string;
  readonly year: number;
  readonly phase: CyclePhase;
  readonly framework: Framework;
  readonly members: readonly Member[];
  readonly leader: string;
  readonly deputy: string;
  readonly policy: LeadershipPolicy;
  /**
   * Set once ScoringFinalized recorded the policy the year was finalized under: `policy` is that
   * one, and a regulation on the bloc's stream no longer reaches the year (policyApplied).
   */
  readonly policyFinalized?: true;
  /** Terms of the bloc's earlier years, oldest first; this year's term is `leader`/`deputy`. */
  readonly leadershipHistory: readonly LeadershipTerm[];
  /** Targets in the order set; setting a unit's indicator again replaces it in place. */
  readonly targets: readonly IndicatorTargetData[];
  /** Per unit id; read with `signedBy` (unit ids are data: see records.ts). */
  readonly signatures: Readonly<Record<string, Signatory>>;
  /** Points in force per unit and criterion (the latest award); read with `pointsInForce`. */
  readonly scores: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly review: { readonly meetingDate: string; readonly venue?: string } | null;
  readonly leadingUnit: string | null;
  /** Next year's elected leader and deputy. */
  readonly elected: { readonly leader: ElectionResult | null; readonly deputy: ElectionResult | null };
  /** The deadlines set for the year, with the reminders and passings recorded for each. */
  readonly deadlines: readonly Deadline[];
  /** Roll-call votes by id; read with `entryOf`. */
  readonly votes: Readonly<Record<string, VoteState>>;
}

/** A roll-call vote of the cycle; `result` once closed. */
export interface VoteState {
  readonly voteId: string;
  readonly subject: VoteSubject;
  /** The candidate. */
  readonly unitId: string;
  readonly electorate: readonly string[];
  /** Per voting unit id, in the order cast; read with `entryOf`. */
  readonly ballots: Readonly<Record<string, BallotChoice>>;
  readonly result: (Votes & { readonly notVoted: number; readonly passed: boolean }) | null;
}

/** `null` until the cycle is opened. */
export type CycleDeciderState = CycleState | null;

export function evolveCycle(state: CycleDeciderState, event: CycleEvent): CycleDeciderState {
  if (event.type === 'CycleOpened') {
    const { blocId, year, framework, members, leader, deputy, policy, leadershipHistory } = event.data;
    return {
      blocId,
      year,
      phase: 'signing',
      framework,
      members,
      leader,
      deputy,
      policy,
      leadershipHistory,
      targets: [],
      signatures: {},
      scores: {},
      review: null,
      leadingUnit: null,
      elected: { leader: null, deputy: null },
      deadlines: [],
      votes: {},
    };
  }
  // Every other event follows CycleOpened in its stream.
  if (state === null) return state;
  switch (event.type) {
    case 'IndicatorTargetSet': {
      const { data } = event;
      const index = state.targets.findIndex((t) => t.unitId === data.unitId && t.code === data.code);
      const targets =
        index < 0 ? [...state.targets, data] : state.targets.map((t, i) => (i === index ? data : t));
      return { ...state, targets };
    }
    case 'PactSigned':
      return { ...state, signatures: { ...state.signatures, [event.data.unitId]: event.data.signatory } };
    case 'ScoringFinalized': {
      const { policy } = event.data;
      const phase = phaseAfter(state.phase, event);
      return policy === undefined ? { ...state, phase } : { ...state, phase, policy, policyFinalized: true };
    }
    case 'PactInForce':
    case 'CycleClosed':
      return { ...state, phase: phaseAfter(state.phase, event) };
    case 'ReviewOpened': {
      const { meetingDate, venue } = event.data;
      return {
        ...state,
        phase: phaseAfter(state.phase, event),
        review: venue === undefined ? { meetingDate } : { meetingDate, venue },
      };
    }
    case 'ScoreAwarded': {
      const { unitId, criterion, points } = event.data;
      return {
        ...state,
        // Computed keys define own properties ("__proto__" included); the read is an own lookup.
        scores: { ...state.scores, [unitId]: { ...entryOf(state.scores, unitId), [criterion]: points } },
      };
    }
    case 'LeadingUnitHonored':
      return { ...state, leadingUnit: event.data.unitId };
    case 'LeaderElected':
      return {
        ...state,
        elected: { ...state.elected, leader: { unitId: event.data.unitId, votes: event.data.votes } },
      };
    case 'DeputyElected':
      return {
        ...state,
        elected: { ...state.elected, deputy: { unitId: event.data.unitId, votes: event.data.votes } },
      };
    case 'DeadlineSet':
    case 'DeadlineReminder':
    case 'DeadlinePassed':
      return { ...state, deadlines: evolveDeadlines(state.deadlines, event) };
    case 'DocumentIssued':
      return state;
    case 'VoteOpened': {
      const { voteId, subject, unitId, electorate } = event.data;
      return {
        ...state,
        votes: {
          ...state.votes,
          [voteId]: { voteId, subject, unitId, electorate, ballots: {}, result: null },
        },
      };
    }
    case 'BallotCast': {
      const { voteId, unitId, choice } = event.data;
      const vote = entryOf(state.votes, voteId);
      if (vote === undefined) return state;
      return {
        ...state,
        votes: { ...state.votes, [voteId]: { ...vote, ballots: { ...vote.ballots, [unitId]: choice } } },
      };
    }
    case 'VoteClosed': {
      const { voteId, for: votesFor, against, abstain, notVoted, passed } = event.data;
      const vote = entryOf(state.votes, voteId);
      if (vote === undefined) return state;
      return {
        ...state,
        votes: {
          ...state.votes,
          [voteId]: { ...vote, result: { for: votesFor, against, abstain, notVoted, passed } },
        },
      };
    }
    default:
      return unreachable(event);
  }
}

/**
 * The policy the year applies: once its scoring is finalized, the one ScoringFinalized recorded;
 * before, the command's context's (the bloc's stream's regulation for the year), else the one
 * the cycle opened with.
 */
export function policyApplied(
  state: CycleState,
  context?: { readonly policy?: LeadershipPolicy },
): CycleState {
  if (state.policyFinalized === true || context?.policy === undefined) return state;
  return { ...state, policy: context.policy };
}

/** This year's term. */
export function currentTerm(cycle: CycleState): LeadershipTerm {
  return { year: cycle.year, leader: cycle.leader, deputy: cycle.deputy };
}

/**
 * The bloc's leadership terms up to and including this cycle's year, oldest first: the history
 * the next cycle opens with, and the one the rotation is checked against at the elections.
 */
export function leadershipHistoryAfter(cycle: CycleState): LeadershipTerm[] {
  return [...cycle.leadershipHistory, currentTerm(cycle)];
}

/** The unit's points in force for the criterion; undefined when none was awarded. */
export function pointsInForce(cycle: CycleState, unitId: string, criterion: string): number | undefined {
  const unitScores = entryOf(cycle.scores, unitId);
  return unitScores === undefined ? undefined : entryOf(unitScores, criterion);
}

export function hasSigned(cycle: CycleState, unitId: string): boolean {
  return Object.hasOwn(cycle.signatures, unitId);
}

export function isMember(cycle: Pick<CycleState, 'members'>, unitId: string): boolean {
  return cycle.members.some((m) => m.unitId === unitId);
}

/** WRONG_PHASE unless the cycle is in one of the allowed phases. */
export function requirePhase(cycle: CycleState, allowed: readonly CyclePhase[], action: string): void {
  if (!allowed.includes(cycle.phase)) {
    throw new DomainError('WRONG_PHASE', `Cannot ${action} while the ${cycle.year} cycle is ${cycle.phase}`, {
      phase: cycle.phase,
      allowed,
    });
  }
}

/** NOT_A_MEMBER unless the unit is one of the cycle's members. */
export function requireMember(cycle: CycleState, unitId: string): void {
  if (!isMember(cycle, unitId)) {
    throw new DomainError('NOT_A_MEMBER', `${unitId} is not a member of the ${cycle.year} cycle`, { unitId });
  }
}
