/**
 * One unit's reports and self-assessments in one cycle (`cycle-{blocId}:{year}:{unitId}`),
 * kept apart from the cycle stream so that units reporting at once never contend.
 */
import { requireUnitOfficer } from '../authorization.js';
import { lateness } from '../cycle/cycle.deadlines.js';
import { type CyclePhase, type CycleState, requireMember, requirePhase } from '../cycle/cycle.state.js';
import { type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { CriterionPoints, UnitCycleEvent } from '../events.js';
import { criterionOf, requirePointsInRange } from '../framework.js';
import { parsePeriod } from '../periods.js';
import type {
  CloseReporting,
  ReportIndicator,
  SubmitSelfAssessment,
  UnitCycleCommand,
  UnitCycleContext,
} from './unit-cycle.commands.js';
import { ReportList } from './report-list.js';

export interface UnitCycleState {
  /** Every report in recorded order; later ones supersede earlier ones for scoring. */
  readonly reports: ReportList;
  /** The latest self-assessment, null before the first. */
  readonly selfAssessment: readonly CriterionPoints[] | null;
  /** Whether the review's opening has closed this unit's reporting. */
  readonly reportingClosed: boolean;
}

/**
 * Reports are bounded, so that no officer can grow a stream that every later command on it,
 * the honouring's standings and the read side fold: a figure may be corrected a few times per
 * indicator and period (a later report supersedes the earlier one), and a unit-cycle holds at
 * most MAX_REPORTS_PER_UNIT_CYCLE reports in all (its targets are not bounded otherwise).
 */
export const MAX_REPORTS_PER_PERIOD = 20;
export const MAX_REPORTS_PER_UNIT_CYCLE = 1000;

export const unitCycleDecider: Decider<UnitCycleCommand, UnitCycleEvent, UnitCycleState> = {
  initialState: () => ({ reports: ReportList.empty(), selfAssessment: null, reportingClosed: false }),
  evolve,
  decide,
};

function evolve(state: UnitCycleState, event: UnitCycleEvent): UnitCycleState {
  switch (event.type) {
    case 'IndicatorReported':
      return { ...state, reports: state.reports.with(event.data) };
    case 'SelfAssessmentSubmitted':
      return { ...state, selfAssessment: event.data.scores };
    case 'ReportingClosed':
      return { ...state, reportingClosed: true };
    default:
      return unreachable(event);
  }
}

// The rules depend on the cycle, which the command's context carries, and on whether the
// review has closed the unit's reporting and self-assessment (a later report or
// self-assessment simply supersedes an earlier one).
function decide(command: UnitCycleCommand, state: UnitCycleState): readonly UnitCycleEvent[] {
  switch (command.type) {
    case 'ReportIndicator':
      return reportIndicator(command, state);
    case 'SubmitSelfAssessment':
      return submitSelfAssessment(command, state);
    case 'CloseReporting':
      return closeReporting(command, state);
    default:
      return unreachable(command);
  }
}

function reportIndicator(command: ReportIndicator, state: UnitCycleState): readonly UnitCycleEvent[] {
  const { unitId, indicator, period, value, note } = command.data;
  requireUnitOfficer(command.metadata.actor, unitId, `report for ${unitId}`);
  // Reporting closes when the review opens: the review judges what was reported by then. The
  // unit's own stream says so first (ReportingClosed), the cycle's phase right after.
  if (state.reportingClosed) {
    throw new DomainError(
      'WRONG_PHASE',
      'Cannot report indicators: the review has opened, reporting is closed',
      {
        phase: 'review',
        allowed: ['in_force'],
      },
    );
  }
  const cycle = openedCycle(command.context, ['in_force'], 'report indicators');
  requireMember(cycle, unitId);
  if (!cycle.targets.some((t) => t.unitId === unitId && t.code === indicator)) {
    throw new DomainError('UNKNOWN_INDICATOR', `${unitId} has no ${cycle.year} target ${indicator}`, {
      indicator,
    });
  }
  if (parsePeriod(period)?.year !== cycle.year) {
    throw new DomainError(
      'INVALID_PERIOD',
      `${period} is not a period of ${cycle.year} (YYYY, YYYY-H1, YYYY-Q3)`,
      {
        period,
      },
    );
  }
  requireRoomForReport(state, indicator, period);
  const { blocId, year } = cycle;
  return [
    {
      type: 'IndicatorReported',
      data: {
        blocId,
        year,
        unitId,
        indicator,
        period,
        value,
        ...(note === undefined ? {} : { note }),
        ...lateness(cycle.deadlines, 'reporting', period, command.metadata.at),
      },
    },
  ];
}

function requireRoomForReport(state: UnitCycleState, indicator: string, period: string): void {
  if (state.reports.length >= MAX_REPORTS_PER_UNIT_CYCLE) {
    throw new DomainError(
      'TOO_MANY_REPORTS',
      `A unit reports at most ${MAX_REPORTS_PER_UNIT_CYCLE} times in a cycle`,
      { max: MAX_REPORTS_PER_UNIT_CYCLE },
    );
  }
  const earlier = state.reports.countOf(indicator, period);
  if (earlier >= MAX_REPORTS_PER_PERIOD) {
    throw new DomainError(
      'TOO_MANY_REPORTS',
      `${indicator} has already been reported ${earlier} times for ${period}, the most a period takes`,
      { indicator, period, max: MAX_REPORTS_PER_PERIOD },
    );
  }
}

function submitSelfAssessment(
  command: SubmitSelfAssessment,
  state: UnitCycleState,
): readonly UnitCycleEvent[] {
  const { unitId, scores } = command.data;
  requireUnitOfficer(command.metadata.actor, unitId, `self-assess for ${unitId}`);
  // A self-assessment is the unit's proposal for the review, submitted before it (DOMAIN.md):
  // like reports, it closes when the review opens, by the unit's own stream first.
  if (state.reportingClosed) {
    throw new DomainError(
      'WRONG_PHASE',
      'Cannot submit a self-assessment: the review has opened, self-assessments come before it',
      { phase: 'review', allowed: ['in_force'] },
    );
  }
  const cycle = openedCycle(command.context, ['in_force'], 'submit a self-assessment');
  requireMember(cycle, unitId);
  const seen = new Set<string>();
  for (const { criterion, points } of scores) {
    if (seen.has(criterion)) {
      throw new DomainError('DUPLICATE_CRITERION', `${criterion} appears twice in the self-assessment`, {
        criterion,
      });
    }
    seen.add(criterion);
    requirePointsInRange(criterionOf(cycle.framework, criterion), points);
  }
  const { blocId, year } = cycle;
  return [
    {
      type: 'SelfAssessmentSubmitted',
      data: {
        blocId,
        year,
        unitId,
        scores: scores.map(({ criterion, points }) => ({ criterion, points })),
        ...lateness(cycle.deadlines, 'self-assessment', null, command.metadata.at),
      },
    },
  ];
}

function closeReporting(command: CloseReporting, state: UnitCycleState): readonly UnitCycleEvent[] {
  if (state.reportingClosed) return [];
  const cycle = openedCycle(command.context, ['in_force'], 'close reporting');
  const { unitId } = command.data;
  requireMember(cycle, unitId);
  return [{ type: 'ReportingClosed', data: { blocId: cycle.blocId, year: cycle.year, unitId } }];
}

function openedCycle(context: UnitCycleContext, allowed: readonly CyclePhase[], action: string): CycleState {
  const { cycle } = context;
  if (cycle === null) throw new DomainError('NOT_FOUND', 'No such cycle: it has not been opened');
  requirePhase(cycle, allowed, action);
  return cycle;
}
