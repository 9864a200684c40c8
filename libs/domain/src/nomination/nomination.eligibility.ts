/**
 * Submitting a nomination: who may propose, when, and which unit is eligible for which award
 * (DOMAIN.md "From the bloc to the province"). The cycle's facts, and the unit's nominations
 * by any bloc, arrive as command data.
 */
import { forbidOwnUnit, requireBlocLeadership } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import { nominationIdOf } from '../streams.js';
import type { NominatingCycle, RankedUnit, SubmitNomination, UnitNomination } from './nomination.commands.js';
import { requireDossier } from './nomination.documents.js';
import type { Award, NominationEvent } from './nomination.events.js';
import { requireWithinProvince } from './nomination.province.js';
import type { NominationState } from './nomination.state.js';

/**
 * The runners-up proposed for the certificate of merit by default: the units ranked 2 and 3
 * (the next two after the leading unit), and a unit tied at rank 1 but not honoured. The same
 * rule as the ranking's `runnersUp`.
 */
export function runnersUpOf(ranking: readonly RankedUnit[], leadingUnit: string | null): string[] {
  return ranking
    .filter(
      ({ unitId, rank }) =>
        (rank === 1 && leadingUnit !== null && unitId !== leadingUnit) || rank === 2 || rank === 3,
    )
    .map(({ unitId }) => unitId);
}

export function submitNomination(
  command: SubmitNomination,
  state: NominationState,
): readonly NominationEvent[] {
  const { actor, at } = command.metadata;
  const { unitId, award, documents } = command.data;
  const { cycle } = command.context;
  if (cycle === null) throw new DomainError('NOT_FOUND', 'No such cycle: it has not been opened');
  requireWithinProvince(actor, cycle.province, `bloc ${cycle.blocId}`);
  requireBlocLeadership(actor, cycle, "nominate units for the province's honours");
  forbidOwnUnit(actor, unitId, 'nominate');
  // The bloc proposes only after it has honoured its leading unit at the review.
  if (cycle.leadingUnit === null) {
    throw new DomainError(
      'WRONG_PHASE',
      `Cannot nominate before the ${cycle.year} leading unit is honoured`,
      { phase: cycle.phase },
    );
  }
  const member = cycle.members.find((m) => m.unitId === unitId);
  if (member === undefined) {
    throw new DomainError('NOT_A_MEMBER', `${unitId} is not a member of the ${cycle.year} cycle`, { unitId });
  }
  const nominationId = nominationIdOf(cycle.blocId, cycle.year, award, unitId);
  if (state !== null) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `${unitId} is already nominated for the ${award} of ${cycle.year}`,
      {
        nominationId,
      },
    );
  }
  requireFirstAcrossBlocs(cycle, unitId, award, command.context.unitNominations);
  requireEligible(cycle, unitId, award);
  requireDossier(documents);
  return [
    {
      type: 'NominationSubmitted',
      data: {
        nominationId,
        blocId: cycle.blocId,
        year: cycle.year,
        unitId,
        award,
        at,
        by: actor.sub,
        province: cycle.province,
        unitName: member.name,
        documents: documents.map(({ kind, title, sha256 }) => ({ kind, title, sha256 })),
      },
    },
  ];
}

/**
 * ALREADY_EXISTS when another bloc has nominated the unit for the award and year: a unit can
 * belong to two blocs' cycles of one year (registered by both, or moved between one closing
 * and the other opening), and the rule is one nomination per unit, award and year, whichever
 * bloc proposes it. This bloc's own is its stream, checked before.
 */
function requireFirstAcrossBlocs(
  cycle: NominatingCycle,
  unitId: string,
  award: Award,
  unitNominations: readonly UnitNomination[],
): void {
  const elsewhere = unitNominations.find(
    (nomination) =>
      nomination.blocId !== cycle.blocId && nomination.year === cycle.year && nomination.award === award,
  );
  if (elsewhere === undefined) return;
  throw new DomainError(
    'ALREADY_EXISTS',
    `${unitId} is already nominated for the ${award} of ${cycle.year} by bloc ${elsewhere.blocId} (nomination ${elsewhere.nominationId})`,
    { nominationId: elsewhere.nominationId, blocId: elsewhere.blocId },
  );
}

/** NOT_ELIGIBLE unless the unit may be proposed for the award. */
function requireEligible(cycle: NominatingCycle, unitId: string, award: Award): void {
  const refuse = (why: string): never => {
    throw new DomainError(
      'NOT_ELIGIBLE',
      `${unitId} is not eligible for the ${award} of ${cycle.year}: ${why}`,
      {
        unitId,
        award,
      },
    );
  };
  if (award === 'emulation-flag') {
    // At most one flag per bloc-year: it goes to the unit that leads the bloc.
    if (cycle.flagNominee !== null && cycle.flagNominee !== unitId) {
      refuse(`the bloc's flag is already proposed for ${cycle.flagNominee}`);
    }
    if (unitId !== cycle.leadingUnit)
      refuse(`the flag goes to the bloc's leading unit, ${cycle.leadingUnit}`);
    return;
  }
  const runnersUp = runnersUpOf(cycle.ranking, cycle.leadingUnit);
  if (!runnersUp.includes(unitId)) {
    refuse(`the certificate of merit goes to the runners-up, ${runnersUp.join(', ') || 'none'}`);
  }
}
