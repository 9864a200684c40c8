/**
 * The commands of a bloc-year's cycle, from opening to closing: what each carries, who may issue
 * it, and the context its handler brings from other streams.
 */

import type { BlocState } from '../bloc/bloc.decider.js';
import type { CommandShape } from '../decider.js';
import type {
  BallotChoice,
  CriterionKind,
  DeadlineKind,
  Direction,
  DocumentIssued,
  LeadershipPolicy,
  LeadershipTerm,
  Signatory,
  Votes,
  VoteSubject,
} from '../events.js';
import type { UnitCycleState } from '../unit-cycle/unit-cycle.decider.js';
import type { CycleState } from './cycle.state.js';

/** A framework as the board writes it: a criterion's kind defaults to `standard`. */
export interface FrameworkInput {
  readonly contents: readonly {
    readonly code: string;
    readonly title: string;
    readonly criteria: readonly {
      readonly code: string;
      readonly title: string;
      readonly maxPoints: number;
      readonly kind?: CriterionKind;
    }[];
  }[];
}

/**
 * Board only. Facts from other streams arrive in `context`, assembled by the handler, so that
 * deciding stays pure: the bloc's state, its latest cycle before this year (when that is last
 * year's, its elections name this year's leader and deputy), and the bloc's leadership terms
 * before this year, across any year it skipped (see `leadershipHistoryAfter`).
 */
export type OpenCycle = CommandShape<
  'OpenCycle',
  { blocId: string; year: number; framework: FrameworkInput; leader?: string; deputy?: string }
> & {
  readonly context: {
    readonly bloc: BlocState | null;
    readonly previous: CycleState | null;
    readonly leadershipHistory: readonly LeadershipTerm[];
  };
};

/** The leader's actions below: the board, or an officer of the cycle's leader or deputy. */
export type SetIndicatorTarget = CommandShape<
  'SetIndicatorTarget',
  {
    unitId: string;
    code: string;
    title: string;
    criterion: string;
    measure: string;
    direction: Direction;
    target: number;
  }
>;
/** The unit's own officer, or the board. */
export type SignPact = CommandShape<'SignPact', { unitId: string; signatory: Signatory }>;
export type OpenReview = CommandShape<'OpenReview', { meetingDate: string; venue?: string }>;
/** A revision's reason travels in `metadata.reason`, as every reason does. */
export type AwardScore = CommandShape<'AwardScore', { unitId: string; criterion: string; points: number }>;
/** `context.policy`: the regulation in force for the year now, which ScoringFinalized records. */
export type FinalizeScoring = CommandShape<'FinalizeScoring', Record<string, never>> & {
  readonly context?: PolicyContext;
};
/**
 * The regulation the year applies, as the bloc's stream holds it now: a regulation adopted
 * after the cycle opened replaces the policy the opening copied. Without it, that policy.
 */
export interface PolicyContext {
  readonly policy?: LeadershipPolicy;
}

/**
 * `context.units`: each member's unit-cycle state (for the indicator tie-break). The bloc's
 * decision is a tally (`votes`) or a closed roll-call vote (`voteId`).
 */
export type HonorLeadingUnit = CommandShape<
  'HonorLeadingUnit',
  { unitId: string; votes?: Votes; voteId?: string }
> & {
  readonly context: { readonly units: Readonly<Record<string, UnitCycleState>> } & PolicyContext;
};
/** Elects next year's leader or deputy, by a tally (`votes`) or a closed roll-call vote (`voteId`). */
export type Elect = CommandShape<
  'Elect',
  { role: 'leader' | 'deputy'; unitId: string; votes?: Votes; voteId?: string }
> & { readonly context?: PolicyContext };
/**
 * The leader's, the deputy's or the board's: opens a roll-call vote on a candidate (`unitId`).
 * `voteId` comes from the command's origin, never generated here.
 */
export type OpenVote = CommandShape<'OpenVote', { voteId: string; subject: VoteSubject; unitId: string }>;
/** A member unit's own officer casts its unit's ballot. */
export type CastBallot = CommandShape<'CastBallot', { voteId: string; unitId: string; choice: BallotChoice }>;
/** Tallies the vote against the year's regulation. */
export type CloseVote = CommandShape<'CloseVote', { voteId: string }> & { readonly context?: PolicyContext };
export type CloseCycle = CommandShape<'CloseCycle', Record<string, never>>;
/** Sets or moves a deadline (moving needs `metadata.reason`). `period` only for `reporting`. */
export type SetDeadline = CommandShape<'SetDeadline', { kind: DeadlineKind; period?: string; due: string }>;
/**
 * The deadline process manager's look at the time (`metadata.at`, actor role `system`). The
 * context brings what other streams say: each member's reported periods and whether it
 * self-assessed (its unit-cycle stream), and whether the bloc-year has a nomination.
 */
export type TrackDeadlines = CommandShape<'TrackDeadlines', Record<string, never>> & {
  readonly context: {
    readonly reportedPeriods: Readonly<Record<string, readonly string[]>>;
    readonly selfAssessed: readonly string[];
    readonly nominated: boolean;
  };
};
/** The leader's, the deputy's or the board's: the document's bytes are already stored. */
export type IssueDocument = CommandShape<'IssueDocument', Omit<DocumentIssued['data'], 'blocId' | 'year'>>;

export type CycleCommand =
  | OpenCycle
  | SetIndicatorTarget
  | SignPact
  | OpenReview
  | AwardScore
  | FinalizeScoring
  | HonorLeadingUnit
  | Elect
  | CloseCycle
  | SetDeadline
  | TrackDeadlines
  | IssueDocument
  | OpenVote
  | CastBallot
  | CloseVote;
