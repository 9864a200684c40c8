/**
 * The leadership read model: each bloc's terms served, elections held and current members, from
 * which the rotation proposes a year's leader and deputy.
 */

import type { DomainEvent, LeadershipPolicy, LeadershipTerm, Member } from '@app/domain';
import type { DocumentProjection } from '../projection.js';

/** One opened year: who led it and under which regulation its elections run. */
export interface LeadershipYear extends LeadershipTerm {
  readonly policy: LeadershipPolicy;
  /** Its scoring finalized with the policy recorded: no later regulation reaches the year. */
  readonly policyFinalized?: true;
}

/** Elections held for a coming year; a side not elected yet is null. */
export interface LeadershipElection {
  readonly forYear: number;
  readonly leader: string | null;
  readonly deputy: string | null;
}

/** A bloc's leadership over the years: terms served, elections held, current members. */
export interface LeadershipDocument {
  readonly blocId: string;
  /** Current members in the bloc's order: next year's candidates. */
  readonly members: readonly Member[];
  /** Terms before the bloc's first cycle here, as its first CycleOpened carried them. */
  readonly earlierTerms: readonly LeadershipTerm[];
  /** Opened years, ascending. */
  readonly years: readonly LeadershipYear[];
  readonly elections: readonly LeadershipElection[];
}

export const leadershipProjection: DocumentProjection<LeadershipDocument> = {
  name: 'leadership',

  keyOf(event) {
    switch (event.type) {
      case 'BlocRegistered':
      case 'MemberAdmitted':
      case 'MemberWithdrawn':
      case 'CycleOpened':
      case 'LeaderElected':
      case 'DeputyElected':
      case 'RegulationAdopted':
      case 'ScoringFinalized':
        return event.data.blocId;
      default:
        return undefined;
    }
  },

  evolve(leadership, event: DomainEvent) {
    if (event.type === 'BlocRegistered') {
      const { blocId, members } = event.data;
      return { blocId, members, earlierTerms: [], years: [], elections: [] };
    }
    if (leadership === undefined) return undefined;
    switch (event.type) {
      case 'MemberAdmitted': {
        const { unitId, name } = event.data;
        if (leadership.members.some((member) => member.unitId === unitId)) return leadership;
        return { ...leadership, members: [...leadership.members, { unitId, name }] };
      }
      case 'MemberWithdrawn':
        return {
          ...leadership,
          members: leadership.members.filter((member) => member.unitId !== event.data.unitId),
        };
      case 'CycleOpened': {
        const { year, leader, deputy, policy, leadershipHistory } = event.data;
        const years = [
          ...leadership.years.filter((opened) => opened.year !== year),
          { year, leader, deputy, policy },
        ];
        years.sort((a, b) => a.year - b.year);
        const firstOpened = years[0].year;
        // Terms from before this bloc's first cycle here come only from the opening event.
        const earlierTerms =
          leadership.years.length === 0
            ? leadershipHistory.filter((term) => term.year < firstOpened)
            : leadership.earlierTerms;
        return { ...leadership, years, earlierTerms };
      }
      case 'LeaderElected':
      case 'DeputyElected': {
        const { forYear, unitId } = event.data;
        const side = event.type === 'LeaderElected' ? 'leader' : 'deputy';
        const held = leadership.elections.find((election) => election.forYear === forYear) ?? {
          forYear,
          leader: null,
          deputy: null,
        };
        const elections = [
          ...leadership.elections.filter((election) => election.forYear !== forYear),
          { ...held, [side]: unitId },
        ].sort((a, b) => a.forYear - b.forYear);
        return { ...leadership, elections };
      }
      // A later year's regulation reaches that year through its CycleOpened's policy; one that
      // lands after the year's scoring was finalized never reaches it (ScoringFinalized below).
      case 'RegulationAdopted': {
        const { year, policy } = event.data;
        return {
          ...leadership,
          years: leadership.years.map((opened) =>
            opened.year === year && opened.policyFinalized !== true ? { ...opened, policy } : opened,
          ),
        };
      }
      case 'ScoringFinalized': {
        const { year, policy } = event.data;
        if (policy === undefined) return leadership;
        return {
          ...leadership,
          years: leadership.years.map((opened) =>
            opened.year === year ? { ...opened, policy, policyFinalized: true as const } : opened,
          ),
        };
      }
      default:
        return leadership;
    }
  },
};

/** Every term the bloc served, oldest first. */
export function termsOf(leadership: LeadershipDocument): LeadershipTerm[] {
  return [
    ...leadership.earlierTerms,
    ...leadership.years.map(({ year, leader, deputy }) => ({ year, leader, deputy })),
  ];
}
