/**
 * The commands on a bloc: registering it with its members and regulation, admitting and
 * withdrawing members; the board alone issues them.
 */

import type { CommandShape } from '../decider.js';
import type { CyclePhase } from '../cycle/cycle.state.js';
import type { LeadershipPolicy, Member } from '../events.js';

/** Board only. Policy fields left out take the defaults of DEFAULT_LEADERSHIP_POLICY. */
export type RegisterBloc = CommandShape<
  'RegisterBloc',
  {
    blocId: string;
    name: string;
    province?: string;
    members: readonly Member[];
    policy?: Partial<LeadershipPolicy>;
  }
>;
/** Board only. */
export type AdmitMember = CommandShape<'AdmitMember', { blocId: string; unitId: string; name: string }>;
/** Board only; the reason travels in `metadata.reason` and is required. */
export type WithdrawMember = CommandShape<'WithdrawMember', { blocId: string; unitId: string }>;

/**
 * The board, or an officer of that year's leader or deputy. Policy fields left out keep the
 * policy the year applied before. Facts from the year's cycles arrive in `context`: the year's
 * leader and deputy (its cycle's, or before it opens, last year's elected ones), the phase of
 * its cycle, and the latest year the bloc opened a cycle for.
 */
export type AdoptRegulation = CommandShape<
  'AdoptRegulation',
  { blocId: string; year: number; title: string; adoptedOn: string; policy?: Partial<LeadershipPolicy> }
> & {
  readonly context: {
    readonly yearLeadership: { readonly leader: string; readonly deputy: string } | null;
    readonly yearPhase: CyclePhase | null;
    readonly latestOpenedYear: number | null;
  };
};

export type BlocCommand = RegisterBloc | AdmitMember | WithdrawMember | AdoptRegulation;
