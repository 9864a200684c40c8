/**
 * The commands on a bloc: registering it with its members and regulation, admitting and
 * withdrawing members; the board alone issues them.
 */

import type { CommandShape } from '../decider.js';
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

export type BlocCommand = RegisterBloc | AdmitMember | WithdrawMember;
