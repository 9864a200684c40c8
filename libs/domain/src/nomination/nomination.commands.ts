/**
 * The commands of one nomination: what each carries, and the facts of other streams the
 * handler brings as command data so that deciding stays pure.
 */
import type { CyclePhase } from '../cycle/cycle.state.js';
import type { CommandShape } from '../decider.js';
import type { Member } from '../events.js';
import type { Award, DossierDocument } from './nomination.events.js';

/** One unit's place in the bloc-year's final ranking. */
export interface RankedUnit {
  readonly unitId: string;
  readonly rank: number;
}

/**
 * What a nomination is decided against, assembled by the handler from the cycle's stream (and
 * its units', for the ranking), the bloc's (its province) and the bloc-year's flag nomination.
 */
export interface NominatingCycle {
  readonly blocId: string;
  readonly year: number;
  readonly province: string;
  readonly phase: CyclePhase;
  readonly leader: string;
  readonly deputy: string;
  readonly members: readonly Member[];
  readonly leadingUnit: string | null;
  /** The final ranking, in rank order (empty before scoring is finalized). */
  readonly ranking: readonly RankedUnit[];
  /** The unit the bloc-year's emulation flag is already proposed for, null when none is. */
  readonly flagNominee: string | null;
}

/** One of the unit's nominations, as its submission recorded it: by which bloc, for which award and year. */
export interface UnitNomination {
  readonly nominationId: string;
  readonly blocId: string;
  readonly year: number;
  readonly award: Award;
}

/**
 * The leader or deputy of the cycle (or the board) proposes a unit; `context.cycle` is null for
 * a cycle never opened. `context.unitNominations` holds every nomination of the unit submitted
 * so far, by any bloc: a unit's id is the same in every bloc it belongs to, and another bloc's
 * nomination of it for the award and year counts against the rule of one per unit, award and
 * year just as this bloc's own would.
 */
export type SubmitNomination = CommandShape<
  'SubmitNomination',
  { unitId: string; award: Award; documents: readonly DossierDocument[] }
> & {
  readonly context: {
    readonly cycle: NominatingCycle | null;
    readonly unitNominations: readonly UnitNomination[];
  };
};

/** The board appraises the dossier: forwards it to the council, or returns it with a reason. */
export type AppraiseNomination = CommandShape<
  'AppraiseNomination',
  { outcome: 'forwarded' | 'returned'; reason: string }
>;

/** The cycle's leader or deputy (or the board) sends a returned dossier again with new documents. */
export type ResubmitNomination = CommandShape<
  'ResubmitNomination',
  { documents: readonly DossierDocument[]; note?: string }
> & { readonly context: { readonly cycle: { readonly leader: string; readonly deputy: string } } };

/** The board, as the council's secretariat, records the council's tally. */
export type RecordCouncilVote = CommandShape<
  'RecordCouncilVote',
  { councilMembers: number; for: number; against: number; abstain: number }
>;

/** The board records the chairman's decision. */
export type ConferHonour = CommandShape<
  'ConferHonour',
  { decisionNo: string; decidedOn: string; signedBy: string }
>;

/** The board records a later decision annulling a conferred honour. */
export type AnnulHonour = CommandShape<'AnnulHonour', { decisionNo: string; reason: string }>;

export type NominationCommand =
  SubmitNomination | AppraiseNomination | ResubmitNomination | RecordCouncilVote | ConferHonour | AnnulHonour;
