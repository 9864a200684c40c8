/**
 * A cycle's standings from its state and its units' states: what the decider checks the leading
 * unit against, and what a read model holding the same states can show.
 */

import { computeStandings, countIndicators, type StandingRow } from '../standings.js';
import type { UnitCycleState } from '../unit-cycle/unit-cycle.decider.js';
import type { CycleState } from './cycle.state.js';

export function standingsOf(
  cycle: CycleState,
  units: Readonly<Record<string, UnitCycleState>>,
): StandingRow[] {
  const unitStates = cycle.members.flatMap((m) =>
    Object.hasOwn(units, m.unitId) ? [[m.unitId, units[m.unitId]] as const] : [],
  );
  return computeStandings({
    members: cycle.members,
    framework: cycle.framework,
    awarded: cycle.scores,
    indicators: countIndicators(
      cycle.targets,
      unitStates.flatMap(([, unit]) => unit.reports.toArray()),
      cycle.year,
    ),
    selfAssessments: Object.fromEntries(
      unitStates.flatMap(([unitId, unit]) =>
        unit.selfAssessment === null ? [] : [[unitId, unit.selfAssessment]],
      ),
    ),
    tieBreak: cycle.policy.tieBreak,
  });
}
