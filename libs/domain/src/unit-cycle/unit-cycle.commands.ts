/**
 * The commands on a unit's own stream in a cycle: indicator reports, self-assessments and the
 * closing of reporting, with the cycle's state as context.
 */

import type { CommandShape } from '../decider.js';
import type { CriterionPoints } from '../events.js';
import type { CycleState } from '../cycle/cycle.state.js';

/** The cycle's state, read by the handler: reporting rules depend on its phase and targets. */
export interface UnitCycleContext {
  readonly cycle: CycleState | null;
}

/** The unit's own officer, or the board. `period`: `YYYY`, `YYYY-H1|H2` or `YYYY-Q1..Q4`. */
export type ReportIndicator = CommandShape<
  'ReportIndicator',
  { unitId: string; indicator: string; period: string; value: number; note?: string }
> & { readonly context: UnitCycleContext };

/** The unit's proposed points; a new submission replaces the previous one. */
export type SubmitSelfAssessment = CommandShape<
  'SubmitSelfAssessment',
  { unitId: string; scores: readonly CriterionPoints[] }
> & { readonly context: UnitCycleContext };

/**
 * Issued by the review's opening, once its own decision has accepted it (that decision checks
 * the actor): closes the unit's reporting on its own stream. Closing twice changes nothing.
 */
export type CloseReporting = CommandShape<'CloseReporting', { unitId: string }> & {
  readonly context: UnitCycleContext;
};

export type UnitCycleCommand = ReportIndicator | SubmitSelfAssessment | CloseReporting;
