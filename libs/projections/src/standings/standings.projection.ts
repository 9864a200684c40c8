/**
 * The standings projection: folds a bloc-year's scoring facts (targets, reports, awards,
 * self-assessments, phase) into one document, from which the standings are computed.
 */
import {
  phaseAfter,
  type CriterionPoints,
  type CyclePhase,
  type DomainEvent,
  type Framework,
  type Member,
  type PointsByCriterion,
  type TieBreakStep,
} from '@app/domain';
import { copyOnWriteEvolve, type CopyOnWrite } from '../copy-on-write.js';
import { cycleKey, type DocumentProjection } from '../projection.js';
import { setEntry } from '../records.js';

/** One unit's target for one indicator. */
export interface TargetFact {
  readonly code: string;
  readonly direction: 'increase' | 'decrease';
  readonly target: number;
}

/** One unit's report for one indicator and period. */
export interface ReportFact {
  readonly indicator: string;
  readonly period: string;
  readonly value: number;
}

/**
 * The scoring facts of one bloc-year, from which the standings are computed by the domain's
 * `computeStandings` at query time (one implementation of ranking for both sides). Facts are
 * grouped per unit: the document is rewritten on every commit that touches it, so its size
 * is what a replay pays for.
 */
export interface StandingsDocument {
  readonly blocId: string;
  readonly year: number;
  readonly phase: CyclePhase;
  readonly members: readonly Member[];
  readonly framework: Framework;
  readonly tieBreak: readonly TieBreakStep[];
  /** Per unit: the latest target per indicator code. */
  readonly targets: Readonly<Record<string, readonly TargetFact[]>>;
  /**
   * Per unit: the latest report per indicator and period, in the order those reports were
   * recorded (the domain's indicator count depends on it where periods end together).
   */
  readonly reports: Readonly<Record<string, readonly ReportFact[]>>;
  /** Points in force per unit and criterion: a revision replaces the earlier award. */
  readonly awarded: Readonly<Record<string, PointsByCriterion>>;
  /** Per unit: the points of its latest self-assessment, by criterion. */
  readonly selfAssessments: Readonly<Record<string, PointsByCriterion>>;
  readonly leadingUnit: string | null;
  /** Per unit: how many of its reports were flagged late (corrections count too). */
  readonly lateReports: Readonly<Record<string, number>>;
}

export const standingsProjection: DocumentProjection<StandingsDocument> = {
  name: 'standings',

  keyOf(event) {
    switch (event.type) {
      case 'CycleOpened':
      case 'IndicatorTargetSet':
      case 'PactInForce':
      case 'ReviewOpened':
      case 'ScoreAwarded':
      case 'ScoringFinalized':
      case 'LeadingUnitHonored':
      case 'CycleClosed':
      case 'IndicatorReported':
      case 'SelfAssessmentSubmitted':
      case 'RegulationAdopted':
        return cycleKey(event.data.blocId, event.data.year);
      default:
        return undefined;
    }
  },

  // A replay hands over long runs of one bloc-year's events: a run copies each record it
  // changes once (see CopyOnWrite), not once per event.
  ...copyOnWriteEvolve(evolveStandings),
};

function evolveStandings(
  standings: StandingsDocument | undefined,
  event: DomainEvent,
  copies: CopyOnWrite,
): StandingsDocument | undefined {
  if (event.type === 'CycleOpened') {
    const { blocId, year, members, framework, policy } = event.data;
    return {
      blocId,
      year,
      phase: phaseAfter('signing', event),
      members,
      framework,
      tieBreak: policy.tieBreak,
      targets: {},
      reports: {},
      awarded: {},
      selfAssessments: {},
      leadingUnit: null,
      lateReports: {},
    };
  }
  if (standings === undefined) return undefined;
  switch (event.type) {
    case 'IndicatorTargetSet': {
      const { unitId, code, direction, target } = event.data;
      return copies.updateIn(standings, ['targets', unitId], (facts = []) =>
        copies.push(
          copies.filter(facts, (fact) => fact.code !== code),
          { code, direction, target },
        ),
      );
    }
    case 'IndicatorReported': {
      const { unitId, indicator, period, value, late } = event.data;
      const counted =
        late === true
          ? copies.updateIn(standings, ['lateReports', unitId], (count = 0) => count + 1)
          : standings;
      return copies.updateIn(counted, ['reports', unitId], (facts = []) =>
        copies.push(
          copies.filter(facts, (fact) => fact.indicator !== indicator || fact.period !== period),
          { indicator, period, value },
        ),
      );
    }
    case 'ScoreAwarded': {
      const { unitId, criterion, points } = event.data;
      return copies.setIn(standings, ['awarded', unitId, criterion], points);
    }
    case 'SelfAssessmentSubmitted': {
      const { unitId, scores } = event.data;
      return copies.setIn(standings, ['selfAssessments', unitId], pointsByCriterion(scores));
    }
    case 'LeadingUnitHonored':
      return copies.setIn(standings, ['leadingUnit'], event.data.unitId);
    // The year's regulation: adopted before its scoring is finalized, never after (the domain
    // refuses it, and ScoringFinalized records the policy the year keeps), so a final ranking
    // keeps the tie-break it was made with, even if a regulation decided on the cycle before it
    // was finalized lands after.
    case 'RegulationAdopted':
      if (standings.phase === 'finalized' || standings.phase === 'closed') return standings;
      return copies.setIn(standings, ['tieBreak'], event.data.policy.tieBreak);
    case 'ScoringFinalized': {
      const finalized = copies.setIn(standings, ['phase'], phaseAfter(standings.phase, event));
      const { policy } = event.data;
      return policy === undefined ? finalized : copies.setIn(finalized, ['tieBreak'], policy.tieBreak);
    }
    default:
      return copies.setIn(standings, ['phase'], phaseAfter(standings.phase, event));
  }
}

/** A self-assessment's scores as points per criterion, the last score of a criterion winning. */
export function pointsByCriterion(scores: readonly CriterionPoints[]): PointsByCriterion {
  // A loop rather than Object.fromEntries: this runs for every self-assessment of a replay.
  const points: Record<string, number> = {};
  for (const { criterion, points: value } of scores) setEntry(points, criterion, value);
  return points;
}
