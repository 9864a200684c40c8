/** The API's answers the console reads (API.md). */

export interface Member {
  readonly unitId: string;
  readonly name: string;
}

export type TieBreakStep = `content:${string}` | 'indicatorsExceeded';

export interface Policy {
  readonly rotation?: 'strict' | 'none';
  readonly noConsecutiveLeader?: boolean;
  readonly tieBreak?: readonly TieBreakStep[];
  readonly vote?: { readonly of: 'members' | 'present'; readonly ratio: 'majority' | 'two-thirds' };
}

export interface Bloc {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly members: readonly Member[];
  /** The regulation the bloc was registered with; a year's own is its cycle's `policy`. */
  readonly policy: Policy;
  readonly years: readonly number[];
}

export type Phase = 'signing' | 'in_force' | 'review' | 'finalized' | 'closed';

export interface Criterion {
  readonly code: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly kind?: 'standard' | 'bonus' | 'penalty';
}

export interface Framework {
  readonly contents: readonly { code: string; title: string; criteria: readonly Criterion[] }[];
}

export interface Cycle {
  readonly blocId: string;
  readonly year: number;
  readonly phase: Phase;
  readonly leader: string;
  readonly deputy: string;
  readonly members: readonly (Member & { signed: boolean })[];
  readonly framework: Framework;
  readonly leadingUnit: string | null;
  /** The regulation the year applies: the latest adopted for it or before, else the bloc's own. */
  readonly policy: Required<Policy>;
}

export interface StandingRow {
  readonly rank: number;
  readonly unitId: string;
  readonly name: string;
  readonly total: number;
  readonly byContent: Readonly<Record<string, number>>;
  readonly indicators: { assigned: number; reported: number; met: number; exceeded: number };
  readonly selfAssessedTotal: number | null;
  /** Indicator reports recorded after their deadline. */
  readonly lateReports: number;
}

export interface Standings {
  readonly blocId: string;
  readonly year: number;
  readonly phase: Phase;
  readonly provisional: boolean;
  readonly units: readonly StandingRow[];
}

export interface Ranking {
  readonly blocId: string;
  readonly year: number;
  readonly units: readonly StandingRow[];
  readonly leadingUnit: string | null;
  readonly runnersUp: readonly string[];
}

export interface ProposedUnit {
  readonly unitId: string | null;
  readonly reason: string;
  readonly reasonVi?: string;
}

export interface Assignment {
  readonly year: number;
  readonly leader: string | null;
  readonly deputy: string | null;
  readonly status: 'elected' | 'proposed' | 'partial';
  readonly proposal: { leader: ProposedUnit; deputy: ProposedUnit } | null;
}

export interface Leadership {
  readonly blocId: string;
  readonly history: readonly { year: number; leader: string | null; deputy: string | null }[];
  readonly next: Assignment | null;
}

export interface Vote {
  readonly voteId: string;
  readonly subject: 'leading-unit' | 'leader' | 'deputy';
  readonly candidate: string;
  readonly status: 'open' | 'closed';
  readonly ballots: readonly { unitId: string; choice: 'for' | 'against' | 'abstain' }[];
  readonly tally: { for: number; against: number; abstain: number; notVoted: number };
  /** null while the vote is open. */
  readonly passed: boolean | null;
}

export type Award = 'emulation-flag' | 'certificate-of-merit';

export interface Nomination {
  readonly nominationId: string;
  readonly blocId: string;
  readonly year: number;
  readonly unitId: string;
  readonly unitName: string;
  readonly province: string;
  readonly award: Award;
  readonly status: string;
  readonly documents: readonly { kind: string; title: string; sha256: string }[];
  readonly history: readonly { type: string; at: string; by: string; reason?: string }[];
}

/** One entry of the honours register (GET /api/honours). */
export interface Honour {
  readonly nominationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly blocId: string;
  readonly province: string;
  readonly year: number;
  readonly award: Award;
  readonly decisionNo: string;
  readonly decidedOn: string;
  readonly annulled: boolean;
}

export interface Deadline {
  readonly kind: string;
  readonly period: string | null;
  readonly due: string;
  readonly status: 'open' | 'passed';
  readonly units: readonly { unitId: string; done: boolean; late: boolean }[];
}

export interface AuditEvent {
  readonly id: string;
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    actor: { sub: string; name?: string; role: string; unit?: string };
    correlationId?: string;
    reason?: string;
  };
  readonly recordedAt: string;
}

export interface AuditPage {
  readonly items: readonly AuditEvent[];
  readonly next: string | null;
}

export interface Verification {
  readonly ok: boolean;
  readonly checked: number;
  readonly brokenAt?: number;
  readonly reason?: string;
  readonly head?: { position: number; hash: string };
}

export interface SignedHead {
  readonly position: number;
  readonly hash: string;
  readonly recordedAt: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
}
