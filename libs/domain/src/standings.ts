/**
 * The ranking rules, as pure functions shared by the deciders (honouring the leading unit)
 * and the read side (standings, ranking). One implementation, so the two never disagree.
 */
import type { CriterionPoints, Direction, Framework, Member, TieBreakStep } from './events.js';
import { parsePeriod, periodFinality } from './periods.js';
import { fromHundredths, toHundredths } from './points.js';
import { entryOf } from './records.js';

// --- indicators ----------------------------------------------------------------------------

/** One unit's target for one indicator (the fields of IndicatorTargetSet that matter here). */
export interface IndicatorTarget {
  readonly unitId: string;
  readonly code: string;
  readonly direction: Direction;
  readonly target: number;
}

/** One report of an actual value (the fields of IndicatorReported that matter here). */
export interface IndicatorReport {
  readonly unitId: string;
  readonly indicator: string;
  readonly period: string;
  readonly value: number;
}

export interface IndicatorCounts {
  readonly assigned: number;
  readonly reported: number;
  readonly met: number;
  readonly exceeded: number;
}

export const NO_INDICATORS: IndicatorCounts = { assigned: 0, reported: 0, met: 0, exceeded: 0 };

type Achievement = 'exceeded' | 'met' | 'missed';

/**
 * Achievement ratio = actual/target (increase) or target/actual (decrease); met ⇔ ratio ≥ 1,
 * exceeded ⇔ ratio > 1. With a positive denominator, cross-multiplying turns both into a plain
 * comparison of numerator and denominator, which is exact on the reported decimals (no
 * division, no rounding). A zero denominator reads as an infinite ratio when the numerator is
 * positive (a decrease target met with 0 cases is exceeded) and as exactly on target for 0/0.
 */
export function achievement(direction: Direction, target: number, actual: number): Achievement {
  const [numerator, denominator] = direction === 'increase' ? [actual, target] : [target, actual];
  if (numerator > denominator) return 'exceeded';
  return numerator === denominator ? 'met' : 'missed';
}

/**
 * Indicator counts per unit for the cycle `year`. An indicator's actual is its latest report
 * for the whole year (`"2017"`) when there is one: that is the figure the review judges.
 * Before it exists, the report of the period ending latest stands in (read as a year-to-date
 * figure), the later recorded report winning between periods that end together (H2 and Q4).
 * A later report for the same period supersedes the earlier one. `reports` must be in recorded
 * order; reports for other years and for indicators without a target are ignored. A target
 * set twice for the same unit and code counts once, with its latest value.
 */
export function countIndicators(
  targets: readonly IndicatorTarget[],
  reports: readonly IndicatorReport[],
  year: number,
): Record<string, IndicatorCounts> {
  const targetByKey = new Map<string, IndicatorTarget>();
  for (const target of targets) targetByKey.set(indicatorKey(target.unitId, target.code), target);

  const actualByKey = new Map<string, { finality: number; value: number }>();
  for (const report of reports) {
    const key = indicatorKey(report.unitId, report.indicator);
    const period = parsePeriod(report.period);
    if (!targetByKey.has(key) || period === null || period.year !== year) continue;
    const finality = periodFinality(period);
    const current = actualByKey.get(key);
    if (current === undefined || finality >= current.finality) {
      actualByKey.set(key, { finality, value: report.value });
    }
  }

  // A Map: unit ids are data, and `counts[unitId] ??=` would find Object.prototype's members.
  const counts = new Map<string, { assigned: number; reported: number; met: number; exceeded: number }>();
  for (const [key, target] of targetByKey) {
    let unit = counts.get(target.unitId);
    if (unit === undefined) counts.set(target.unitId, (unit = { ...NO_INDICATORS }));
    unit.assigned += 1;
    const actual = actualByKey.get(key);
    if (actual === undefined) continue;
    unit.reported += 1;
    const result = achievement(target.direction, target.target, actual.value);
    if (result !== 'missed') unit.met += 1;
    if (result === 'exceeded') unit.exceeded += 1;
  }
  // Object.fromEntries defines own properties, "__proto__" included.
  return Object.fromEntries(counts);
}

function indicatorKey(unitId: string, code: string): string {
  // Ids never contain a space (validated at the edge), so the key is unambiguous.
  return `${unitId} ${code}`;
}

// --- standings -----------------------------------------------------------------------------

/** Points per criterion code. */
export type PointsByCriterion = Readonly<Record<string, number>>;

/**
 * Everything the standings are computed from, in the shape the events give it: the read side
 * folds ScoreAwarded into `awarded`, SelfAssessmentSubmitted into `selfAssessments`, and
 * passes `countIndicators` for `indicators`. Units missing from a record have nothing there.
 */
export interface StandingsInput {
  /** The cycle's members, in the bloc's order (the stable order of units still equal). */
  readonly members: readonly Member[];
  readonly framework: Framework;
  /** Points in force per unit and criterion: the latest award, revisions included. */
  readonly awarded: Readonly<Record<string, PointsByCriterion>>;
  readonly indicators: Readonly<Record<string, IndicatorCounts>>;
  /** Each unit's latest self-assessment; a new submission replaces the previous one. */
  readonly selfAssessments: Readonly<Record<string, readonly CriterionPoints[]>>;
  readonly tieBreak: readonly TieBreakStep[];
}

export interface StandingRow {
  readonly rank: number;
  readonly unitId: string;
  readonly name: string;
  readonly total: number;
  /** Subtotal per content code, every content of the framework present. */
  readonly byContent: Readonly<Record<string, number>>;
  readonly indicators: IndicatorCounts;
  readonly selfAssessedTotal: number | null;
}

interface UnitScore {
  readonly member: Member;
  readonly total: number;
  readonly byContent: ReadonlyMap<string, number>;
  readonly indicators: IndicatorCounts;
}

/**
 * The units in rank order: by total, highest first, then by the tie-break chain; units equal
 * on all of it share a rank (standard competition ranking: 1, 2, 2, 4) and keep member order.
 */
export function computeStandings(input: StandingsInput): StandingRow[] {
  const scores: UnitScore[] = input.members.map((member) => ({
    member,
    ...totalsOf(input.framework, awardedTo(input.awarded, member.unitId)),
    indicators: entryOf(input.indicators, member.unitId) ?? NO_INDICATORS,
  }));
  const compare = (a: UnitScore, b: UnitScore): number => compareUnits(a, b, input.tieBreak);
  // Array.prototype.sort is stable: units still equal keep the bloc's member order.
  const ranked = [...scores].sort(compare);

  const rows: StandingRow[] = [];
  ranked.forEach((score, index) => {
    const previous = rows[index - 1];
    const sharesRank = previous !== undefined && compare(ranked[index - 1], score) === 0;
    const selfAssessment = entryOf(input.selfAssessments, score.member.unitId);
    rows.push({
      rank: sharesRank ? previous.rank : index + 1,
      unitId: score.member.unitId,
      name: score.member.name,
      total: fromHundredths(score.total),
      byContent: Object.fromEntries([...score.byContent].map(([code, h]) => [code, fromHundredths(h)])),
      indicators: score.indicators,
      selfAssessedTotal:
        selfAssessment === undefined
          ? null
          : fromHundredths(totalsOf(input.framework, selfAssessed(selfAssessment)).total),
    });
  });
  return rows;
}

/** The units sharing rank 1 after the tie-break chain (one unit unless the chain left a tie). */
export function unitsTiedAtTop(rows: readonly Pick<StandingRow, 'rank' | 'unitId'>[]): string[] {
  return rows.filter((row) => row.rank === 1).map((row) => row.unitId);
}

function compareUnits(a: UnitScore, b: UnitScore, tieBreak: readonly TieBreakStep[]): number {
  if (a.total !== b.total) return b.total - a.total;
  for (const step of tieBreak) {
    const difference =
      step === 'indicatorsExceeded'
        ? b.indicators.exceeded - a.indicators.exceeded
        : contentPoints(b, step) - contentPoints(a, step);
    if (difference !== 0) return difference;
  }
  return 0;
}

function contentPoints(score: UnitScore, step: `content:${string}`): number {
  return score.byContent.get(step.slice('content:'.length)) ?? 0;
}

/** The points of a unit by criterion code: undefined for a criterion it has none for. */
type PointsOf = (criterion: string) => number | undefined;

function awardedTo(awarded: StandingsInput['awarded'], unitId: string): PointsOf {
  const points = entryOf(awarded, unitId);
  return (criterion) => (points === undefined ? undefined : entryOf(points, criterion));
}

/** A self-assessment's points: a criterion scored twice counts with its last score. */
function selfAssessed(scores: readonly CriterionPoints[]): PointsOf {
  const points = new Map(scores.map((score) => [score.criterion, score.points]));
  return (criterion) => points.get(criterion);
}

/** Total and content subtotals in hundredths: standard + bonus − penalty. */
function totalsOf(
  framework: Framework,
  pointsOf: PointsOf,
): { total: number; byContent: ReadonlyMap<string, number> } {
  const byContent = new Map<string, number>();
  let total = 0;
  for (const content of framework.contents) {
    let subtotal = 0;
    for (const criterion of content.criteria) {
      const awarded = pointsOf(criterion.code);
      if (awarded === undefined) continue;
      const hundredths = toHundredths(awarded);
      subtotal += criterion.kind === 'penalty' ? -hundredths : hundredths;
    }
    byContent.set(content.code, subtotal);
    total += subtotal;
  }
  return { total, byContent };
}
