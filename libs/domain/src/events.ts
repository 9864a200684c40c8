/**
 * Every fact the product records. Events are past tense and never edited: a correction is a
 * new event. Points are JSON numbers with at most two decimals; all arithmetic on them goes
 * through `points.ts` (integer hundredths).
 *
 * Streams (see `streams.ts`):
 * - `bloc-{blocId}`: BlocRegistered, MemberAdmitted, MemberWithdrawn, RegulationAdopted
 * - `cycle-{blocId}:{year}`: the bloc-year's cycle, from CycleOpened to CycleClosed, and its
 *   roll-call votes (VoteOpened, BallotCast, VoteClosed)
 * - `cycle-{blocId}:{year}:{unitId}`: one unit's reports and self-assessments, so that units
 *   reporting at the same time never contend for one stream
 * - `webhook-{webhookId}`: a webhook's registration and removal (`webhook/webhook.events.ts`)
 * - `nomination-{nominationId}`: one nomination, from the bloc's proposal to the province's
 *   decision (`nomination/nomination.events.ts`)
 */
import type { DeadlinePassed, DeadlineReminder, DeadlineSet } from './cycle/cycle.deadline-events.js';
import type { NominationEvent } from './nomination/nomination.events.js';
import type { WebhookEvent } from './webhook/webhook.events.js';

export type {
  DeadlineKind,
  DeadlinePassed,
  DeadlineReminder,
  DeadlineSet,
} from './cycle/cycle.deadline-events.js';
export type { WebhookEvent, WebhookRegistered, WebhookRemoved } from './webhook/webhook.events.js';

export interface Member {
  readonly unitId: string;
  readonly name: string;
}

export type Rotation = 'strict' | 'none';
/** A tie-break step: `content:<code>` (higher content subtotal) or `indicatorsExceeded`. */
export type TieBreakStep = `content:${string}` | 'indicatorsExceeded';

export interface LeadershipPolicy {
  readonly rotation: Rotation;
  readonly noConsecutiveLeader: boolean;
  readonly tieBreak: readonly TieBreakStep[];
  /** How the bloc's votes pass; absent in events written before regulations: members/majority. */
  readonly vote?: VoteRule;
}

/** Of whom a vote counts the votes for: all the cycle's members, or those who cast a ballot. */
export type VoteBase = 'members' | 'present';
/** `majority`: more than half; `two-thirds`: at least two thirds. */
export type VoteRatio = 'majority' | 'two-thirds';

export interface VoteRule {
  readonly of: VoteBase;
  readonly ratio: VoteRatio;
}

/** What a roll-call vote decides about its candidate. */
export type VoteSubject = 'leading-unit' | 'leader' | 'deputy';
export type BallotChoice = 'for' | 'against' | 'abstain';

export type CriterionKind = 'standard' | 'bonus' | 'penalty';

export interface Criterion {
  readonly code: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly kind: CriterionKind;
}

export interface Content {
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly Criterion[];
}

export interface Framework {
  readonly contents: readonly Content[];
}

export type Direction = 'increase' | 'decrease';

export interface Votes {
  readonly for: number;
  readonly against: number;
  readonly abstain: number;
}

export interface LeadershipTerm {
  readonly year: number;
  readonly leader: string;
  readonly deputy: string;
}

export interface Signatory {
  readonly title: string;
  readonly name?: string;
}

export interface CriterionPoints {
  readonly criterion: string;
  readonly points: number;
}

type Event<T extends string, D> = { readonly type: T; readonly data: Readonly<D> };

// --- bloc stream ---------------------------------------------------------------------------

export type BlocRegistered = Event<
  'BlocRegistered',
  { blocId: string; name: string; province: string; members: readonly Member[]; policy: LeadershipPolicy }
>;
export type MemberAdmitted = Event<'MemberAdmitted', { blocId: string; unitId: string; name: string }>;
export type MemberWithdrawn = Event<'MemberWithdrawn', { blocId: string; unitId: string; reason: string }>;

/**
 * The bloc's regulation (quy chế hoạt động) for a year: the complete policy it sets, which
 * applies to that year and the later ones until another regulation replaces it.
 */
export type RegulationAdopted = Event<
  'RegulationAdopted',
  { blocId: string; year: number; title: string; adoptedOn: string; policy: LeadershipPolicy }
>;

export type BlocEvent = BlocRegistered | MemberAdmitted | MemberWithdrawn | RegulationAdopted;

// --- cycle stream --------------------------------------------------------------------------

export type CycleOpened = Event<
  'CycleOpened',
  {
    blocId: string;
    year: number;
    framework: Framework;
    /** The cycle's member list, fixed at opening, in the bloc's member order. */
    members: readonly Member[];
    leader: string;
    deputy: string;
    /** The bloc's regulation in force for this year. */
    policy: LeadershipPolicy;
    /** Leaders and deputies of the bloc's earlier years, oldest first (for rotation). */
    leadershipHistory: readonly LeadershipTerm[];
  }
>;
export type IndicatorTargetSet = Event<
  'IndicatorTargetSet',
  {
    blocId: string;
    year: number;
    unitId: string;
    code: string;
    title: string;
    criterion: string;
    measure: string;
    direction: Direction;
    target: number;
  }
>;
export type PactSigned = Event<
  'PactSigned',
  { blocId: string; year: number; unitId: string; signatory: Signatory; late?: true }
>;
export type PactInForce = Event<'PactInForce', { blocId: string; year: number }>;
export type ReviewOpened = Event<
  'ReviewOpened',
  { blocId: string; year: number; meetingDate: string; venue?: string; late?: true }
>;
export type ScoreAwarded = Event<
  'ScoreAwarded',
  {
    blocId: string;
    year: number;
    unitId: string;
    criterion: string;
    points: number;
    /** The points this award revises, when it is a revision (the reason is then in metadata). */
    previousPoints?: number;
  }
>;
/**
 * The year's points are final. `policy` is the regulation the year was finalized under (the one in
 * force for it on the bloc's stream when the scoring was finalized): the year's final ranking and
 * its later decisions (honouring, elections, closing votes) apply it, and no regulation adopted
 * afterwards reaches the year. Absent on the events written before it was recorded.
 */
export type ScoringFinalized = Event<
  'ScoringFinalized',
  { blocId: string; year: number; policy?: LeadershipPolicy }
>;
export type LeadingUnitHonored = Event<
  'LeadingUnitHonored',
  { blocId: string; year: number; unitId: string; votes?: Votes; voteId?: string }
>;
export type LeaderElected = Event<
  'LeaderElected',
  { blocId: string; year: number; forYear: number; unitId: string; votes: Votes; voteId?: string }
>;
export type DeputyElected = Event<
  'DeputyElected',
  { blocId: string; year: number; forYear: number; unitId: string; votes: Votes; voteId?: string }
>;
export type CycleClosed = Event<'CycleClosed', { blocId: string; year: number }>;
/** The papers the board files from a bloc-year (DOMAIN.md "Documents the board files"). */
export type DocumentKind = 'score-sheet' | 'minutes-pdf' | 'minutes-docx';
/**
 * A document issued from the bloc-year as the log stood at `headPosition` (chain hash
 * `headHash`); its exact bytes are kept apart, found by `documentId`, checked by `sha256`.
 */
export type DocumentIssued = Event<
  'DocumentIssued',
  {
    blocId: string;
    year: number;
    documentId: string;
    kind: DocumentKind;
    sha256: string;
    byteLength: number;
    headPosition: number;
    headHash: string;
  }
>;

/** A roll-call vote opened on a candidate (`unitId`); `electorate`: the members who may vote. */
export type VoteOpened = Event<
  'VoteOpened',
  {
    blocId: string;
    year: number;
    voteId: string;
    subject: VoteSubject;
    unitId: string;
    electorate: readonly string[];
  }
>;
/** A member unit's own ballot (`unitId`: the voter). */
export type BallotCast = Event<
  'BallotCast',
  { blocId: string; year: number; voteId: string; unitId: string; choice: BallotChoice }
>;
/** The vote's tally against the rule of the year's regulation (`rule`), and whether it passed. */
export type VoteClosed = Event<
  'VoteClosed',
  {
    blocId: string;
    year: number;
    voteId: string;
    subject: VoteSubject;
    unitId: string;
    for: number;
    against: number;
    abstain: number;
    notVoted: number;
    rule: VoteRule;
    passed: boolean;
  }
>;

export type CycleEvent =
  | CycleOpened
  | IndicatorTargetSet
  | PactSigned
  | PactInForce
  | ReviewOpened
  | ScoreAwarded
  | ScoringFinalized
  | LeadingUnitHonored
  | LeaderElected
  | DeputyElected
  | CycleClosed
  | DeadlineSet
  | DeadlineReminder
  | DeadlinePassed
  | DocumentIssued
  | VoteOpened
  | BallotCast
  | VoteClosed;

// --- unit-in-cycle stream ------------------------------------------------------------------

export type IndicatorReported = Event<
  'IndicatorReported',
  {
    blocId: string;
    year: number;
    unitId: string;
    indicator: string;
    period: string;
    value: number;
    note?: string;
    /** Present when reported after the period's reporting deadline. */
    late?: true;
  }
>;
export type SelfAssessmentSubmitted = Event<
  'SelfAssessmentSubmitted',
  { blocId: string; year: number; unitId: string; scores: readonly CriterionPoints[]; late?: true }
>;

/**
 * Written to each member's stream as the review opens, before `ReviewOpened`: a report decided
 * while the cycle was still in force but not yet appended then conflicts on its unit's stream,
 * is decided again, and is refused. Reporting is closed from here on.
 */
export type ReportingClosed = Event<'ReportingClosed', { blocId: string; year: number; unitId: string }>;

export type UnitCycleEvent = IndicatorReported | SelfAssessmentSubmitted | ReportingClosed;

export type DomainEvent = BlocEvent | CycleEvent | UnitCycleEvent | WebhookEvent | NominationEvent;
export type DomainEventType = DomainEvent['type'];

/** The current schema version of each event's data; older versions are upcast on read. */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<DomainEventType, number>> = {
  BlocRegistered: 1,
  MemberAdmitted: 1,
  MemberWithdrawn: 1,
  CycleOpened: 1,
  IndicatorTargetSet: 1,
  PactSigned: 2,
  PactInForce: 1,
  ReviewOpened: 1,
  ScoreAwarded: 1,
  ScoringFinalized: 1,
  LeadingUnitHonored: 1,
  LeaderElected: 1,
  DeputyElected: 1,
  CycleClosed: 1,
  DeadlineSet: 1,
  DeadlineReminder: 1,
  DeadlinePassed: 1,
  DocumentIssued: 1,
  IndicatorReported: 1,
  SelfAssessmentSubmitted: 1,
  ReportingClosed: 1,
  WebhookRegistered: 1,
  WebhookRemoved: 1,
  NominationSubmitted: 1,
  NominationReturned: 1,
  NominationResubmitted: 1,
  NominationForwarded: 1,
  CouncilVoted: 1,
  HonourConferred: 1,
  HonourAnnulled: 1,
  RegulationAdopted: 1,
  VoteOpened: 1,
  BallotCast: 1,
  VoteClosed: 1,
};
