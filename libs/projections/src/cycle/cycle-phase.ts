import type { DomainEvent } from '@app/domain';

/** Where a bloc-year stands in its annual cycle (API.md `phase`). */
export type CyclePhase = 'signing' | 'in_force' | 'review' | 'finalized' | 'closed';

/** The phase after an event of the cycle; events that do not move the cycle keep it. */
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
