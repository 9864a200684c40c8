/**
 * The blocs read model: each bloc's current members, regulation and opened years, from
 * BlocRegistered, MemberAdmitted, MemberWithdrawn and CycleOpened.
 */

import type { DomainEvent, LeadershipPolicy, Member } from '@app/domain';
import type { DocumentProjection } from '../projection.js';

/** A bloc as the API shows it: its current members and the years it has opened. */
export interface BlocDocument {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  /** Current members, in the order they joined. */
  readonly members: readonly Member[];
  readonly policy: LeadershipPolicy;
  /** Years with an opened cycle, ascending. */
  readonly years: readonly number[];
}

export const blocsProjection: DocumentProjection<BlocDocument> = {
  name: 'blocs',

  keyOf(event) {
    switch (event.type) {
      case 'BlocRegistered':
      case 'MemberAdmitted':
      case 'MemberWithdrawn':
      case 'CycleOpened':
        return event.data.blocId;
      default:
        return undefined;
    }
  },

  evolve(bloc, event: DomainEvent) {
    if (event.type === 'BlocRegistered') {
      const { blocId, name, province, members, policy } = event.data;
      return { id: blocId, name, province, members, policy, years: [] };
    }
    if (bloc === undefined) return undefined;
    switch (event.type) {
      case 'MemberAdmitted': {
        const { unitId, name } = event.data;
        if (bloc.members.some((member) => member.unitId === unitId)) return bloc;
        return { ...bloc, members: [...bloc.members, { unitId, name }] };
      }
      case 'MemberWithdrawn':
        return { ...bloc, members: bloc.members.filter((member) => member.unitId !== event.data.unitId) };
      case 'CycleOpened': {
        const { year } = event.data;
        if (bloc.years.includes(year)) return bloc;
        return { ...bloc, years: [...bloc.years, year].sort((a, b) => a - b) };
      }
      default:
        return bloc;
    }
  },
};
