/** The standings and the final ranking as the read side shows them, computed from a standings document. */
import { computeStandings, countIndicators, type CyclePhase, type StandingRow } from '@app/domain';
import type { StandingsDocument } from './standings.projection.js';

/** A unit's row as the read side shows it: the domain's row and how many of its reports were late. */
export interface StandingsRow extends StandingRow {
  readonly lateReports: number;
}

/** A bloc-year's standings: every unit's points and rank so far. */
export interface StandingsView {
  readonly blocId: string;
  readonly year: number;
  readonly phase: CyclePhase;
  /** True until scoring is finalized: points may still change. */
  readonly provisional: boolean;
  readonly units: readonly StandingsRow[];
}

/** A bloc-year's final ranking, once scoring is finalized, with its honoured unit. */
export interface RankingView {
  readonly blocId: string;
  readonly year: number;
  readonly units: readonly StandingsRow[];
  /** The honoured unit; null until the bloc honours it. */
  readonly leadingUnit: string | null;
  /** The units proposed for the certificate of merit: ranks 2 and 3. */
  readonly runnersUp: readonly string[];
}

export function isScoringFinal(phase: CyclePhase): boolean {
  return phase === 'finalized' || phase === 'closed';
}

/** The rows in rank order, computed by the domain's one ranking implementation. */
export function standingRows(standings: StandingsDocument): StandingsRow[] {
  const perUnit = <Fact, Input>(
    facts: Readonly<Record<string, readonly Fact[]>>,
    input: (unitId: string, fact: Fact) => Input,
  ) => Object.entries(facts).flatMap(([unitId, unitFacts]) => unitFacts.map((fact) => input(unitId, fact)));
  const rows = computeStandings({
    members: standings.members,
    framework: standings.framework,
    awarded: standings.awarded,
    indicators: countIndicators(
      perUnit(standings.targets, (unitId, target) => ({ unitId, ...target })),
      perUnit(standings.reports, (unitId, report) => ({ unitId, ...report })),
      standings.year,
    ),
    selfAssessments: Object.fromEntries(
      Object.entries(standings.selfAssessments).map(([unitId, points]) => [
        unitId,
        Object.entries(points).map(([criterion, awarded]) => ({ criterion, points: awarded })),
      ]),
    ),
    tieBreak: standings.tieBreak,
  });
  // A document stored before late flags existed has no counts: none of its reports was late.
  const late: Readonly<Record<string, number>> = standings.lateReports ?? {};
  return rows.map((row) => ({ ...row, lateReports: Object.hasOwn(late, row.unitId) ? late[row.unitId] : 0 }));
}

export function standingsView(standings: StandingsDocument): StandingsView {
  return {
    blocId: standings.blocId,
    year: standings.year,
    phase: standings.phase,
    provisional: !isScoringFinal(standings.phase),
    units: standingRows(standings),
  };
}

/** The final ranking; only meaningful once scoring is finalized (the caller checks). */
export function rankingView(standings: StandingsDocument): RankingView {
  const units = standingRows(standings);
  const { leadingUnit } = standings;
  // A unit tied at rank 1 but not honoured is, like ranks 2 and 3, among the next best.
  const runnersUp = units
    .filter(
      (row) =>
        (row.rank === 1 && leadingUnit !== null && row.unitId !== leadingUnit) ||
        row.rank === 2 ||
        row.rank === 3,
    )
    .map((row) => row.unitId);
  return { blocId: standings.blocId, year: standings.year, units, leadingUnit, runnersUp };
}
