/**
 * The cycle projection: folds a bloc-year's phase, members' signatures, honours and the
 * regulation it applies into one document.
 */
import {
  completePolicy,
  phaseAfter,
  type CyclePhase,
  type DomainEvent,
  type Framework,
  type LeadershipPolicy,
} from '@app/domain';
import { cycleKey, type DocumentProjection } from '../projection.js';

export interface CycleMember {
  readonly unitId: string;
  readonly name: string;
  readonly signed: boolean;
}

/** One bloc-year's cycle, as the read side shows it. */
export interface CycleDocument {
  readonly blocId: string;
  readonly year: number;
  readonly phase: CyclePhase;
  readonly leader: string;
  readonly deputy: string;
  readonly members: readonly CycleMember[];
  readonly framework: Framework;
  readonly leadingUnit: string | null;
  /** The regulation the year applies: the one it opened with, or one adopted for it since. */
  readonly policy: Required<LeadershipPolicy>;
}

export const cycleProjection: DocumentProjection<CycleDocument> = {
  name: 'cycles',

  keyOf(event) {
    switch (event.type) {
      case 'CycleOpened':
      case 'PactSigned':
      case 'PactInForce':
      case 'ReviewOpened':
      case 'ScoringFinalized':
      case 'LeadingUnitHonored':
      case 'CycleClosed':
      case 'RegulationAdopted':
        return cycleKey(event.data.blocId, event.data.year);
      default:
        return undefined;
    }
  },

  evolve(cycle, event: DomainEvent) {
    if (event.type === 'CycleOpened') {
      const { blocId, year, leader, deputy, framework, members, policy } = event.data;
      return {
        blocId,
        year,
        phase: phaseAfter('signing', event),
        leader,
        deputy,
        members: members.map((member) => ({ unitId: member.unitId, name: member.name, signed: false })),
        framework,
        leadingUnit: null,
        policy: completePolicy(policy),
      };
    }
    if (cycle === undefined) return undefined;
    switch (event.type) {
      case 'PactSigned': {
        const { unitId } = event.data;
        return {
          ...cycle,
          members: cycle.members.map((member) =>
            member.unitId === unitId ? { ...member, signed: true } : member,
          ),
        };
      }
      case 'LeadingUnitHonored':
        return { ...cycle, leadingUnit: event.data.unitId };
      // A regulation adopted before the year opened reaches it through CycleOpened's policy; one
      // that lands after its scoring was finalized never reaches it (the domain refuses it, and
      // ScoringFinalized records the policy the year keeps).
      case 'RegulationAdopted':
        if (cycle.phase === 'finalized' || cycle.phase === 'closed') return cycle;
        return { ...cycle, policy: completePolicy(event.data.policy) };
      case 'ScoringFinalized': {
        const phase = phaseAfter(cycle.phase, event);
        const { policy } = event.data;
        return policy === undefined
          ? { ...cycle, phase }
          : { ...cycle, phase, policy: completePolicy(policy) };
      }
      default:
        return { ...cycle, phase: phaseAfter(cycle.phase, event) };
    }
  },
};
