/**
 * Adopting the bloc's regulation for a year. Rules are versioned by year: a regulation may
 * change the rules of its year until that year's scoring is finalized, never after (a final
 * ranking is never re-explained by rules adopted later), and never reaches back over a year
 * the bloc has already opened a cycle for.
 */
import { requireBlocLeadership, requireBoard } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { BlocEvent, LeadershipPolicy } from '../events.js';
import { policyInForce, voteRuleOf } from '../regulation.js';
import type { AdoptRegulation } from './bloc.commands.js';
import type { BlocState } from './bloc.decider.js';

export function adoptRegulation(command: AdoptRegulation, state: BlocState): readonly BlocEvent[] {
  const { actor } = command.metadata;
  const { blocId, year, title, adoptedOn, policy } = command.data;
  const { yearLeadership, yearPhase, latestOpenedYear } = command.context;
  const action = `adopt the ${year} regulation`;
  if (yearLeadership === null) requireBoard(actor, action);
  else requireBlocLeadership(actor, yearLeadership, action);
  if (yearPhase === 'finalized' || yearPhase === 'closed') {
    throw new DomainError(
      'WRONG_PHASE',
      `The ${year} scoring is finalized: its ranking stays explained by the rules it was made under`,
      { phase: yearPhase, year },
    );
  }
  if (latestOpenedYear !== null && latestOpenedYear > year) {
    throw new DomainError(
      'WRONG_PHASE',
      `Bloc ${blocId} has opened ${latestOpenedYear}: a regulation for ${year} would change a later year's rules`,
      { year, latestOpenedYear },
    );
  }
  const before = policyInForce(state.policy, state.regulations, year);
  const adopted: LeadershipPolicy = {
    rotation: policy?.rotation ?? before.rotation,
    noConsecutiveLeader: policy?.noConsecutiveLeader ?? before.noConsecutiveLeader,
    tieBreak: policy?.tieBreak ?? before.tieBreak,
    vote: policy?.vote ?? voteRuleOf(before),
  };
  return [{ type: 'RegulationAdopted', data: { blocId, year, title, adoptedOn, policy: adopted } }];
}
