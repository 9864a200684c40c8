import {
  pointsByCriterion,
  setEntry,
  type DomainEvent,
  type Framework,
  type Member,
  type PointsByCriterion,
  type TieBreakStep,
} from '@app/domain';
import { phaseAfter, type CyclePhase } from '../cycle/cycle-phase.js';
import { cycleKey, type DocumentProjection } from '../projection.js';

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
        return cycleKey(event.data.blocId, event.data.year);
      default:
        return undefined;
    }
  },

  evolve(standings, event) {
    return evolveStandings(standings, [event]);
  },

  evolveAll: evolveStandings,
};

/**
 * The standings after `events`, in order. A replay hands over long runs of one bloc-year's
 * events (a review awards a unit's criteria one after the other): the document and each record
 * it changes are copied once per run, into a draft this call owns, and then changed in place.
 * `standings` and everything reachable from it stay as they were.
 */
function evolveStandings(
  standings: StandingsDocument | undefined,
  events: readonly DomainEvent[],
): StandingsDocument | undefined {
  let draft = standings === undefined ? undefined : new StandingsDraft(standings);
  for (const event of events) {
    if (event.type === 'CycleOpened') {
      const { blocId, year, members, framework, policy } = event.data;
      draft = new StandingsDraft({
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
      });
      continue;
    }
    if (draft === undefined) continue;
    switch (event.type) {
      case 'IndicatorTargetSet': {
        const { unitId, code, direction, target } = event.data;
        const targets = draft.unitList('targets', unitId);
        removeWhere(targets, (fact) => fact.code === code);
        targets.push({ code, direction, target });
        break;
      }
      case 'IndicatorReported': {
        const { unitId, indicator, period, value } = event.data;
        const reports = draft.unitList('reports', unitId);
        removeWhere(reports, (fact) => fact.indicator === indicator && fact.period === period);
        reports.push({ indicator, period, value });
        break;
      }
      case 'ScoreAwarded': {
        const { unitId, criterion, points } = event.data;
        setEntry(draft.unitPoints('awarded', unitId), criterion, points);
        break;
      }
      case 'SelfAssessmentSubmitted': {
        const { unitId, scores } = event.data;
        setEntry(draft.record('selfAssessments'), unitId, pointsByCriterion(scores));
        break;
      }
      case 'LeadingUnitHonored':
        draft.document().leadingUnit = event.data.unitId;
        break;
      default: {
        const document = draft.document();
        document.phase = phaseAfter(document.phase, event);
      }
    }
  }
  return draft?.result();
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type UnitLists = { targets: TargetFact[]; reports: ReportFact[] };

/**
 * A copy-on-write draft of a standings document: the first change copies the document, and
 * the first change of a record or a unit's list or points copies that one; later changes go
 * to the copies. Unchanged, it hands back the document it started from.
 */
class StandingsDraft {
  private copy?: Mutable<StandingsDocument>;
  /** Records, lists and points this draft made: its own to change. */
  private readonly owned = new Set<object>();

  constructor(private readonly base: StandingsDocument) {}

  document(): Mutable<StandingsDocument> {
    this.copy ??= { ...this.base };
    return this.copy;
  }

  record<Field extends 'targets' | 'reports' | 'awarded' | 'selfAssessments'>(
    field: Field,
  ): Record<string, StandingsDocument[Field][string]> {
    const document = this.document();
    let record = document[field] as Record<string, StandingsDocument[Field][string]>;
    if (!this.owned.has(record)) {
      record = { ...record };
      (document as Record<Field, unknown>)[field] = record;
      this.owned.add(record);
    }
    return record;
  }

  unitList<Field extends keyof UnitLists>(field: Field, unitId: string): UnitLists[Field] {
    const record = this.record(field) as unknown as Record<string, UnitLists[Field]>;
    return this.ownEntry(record, unitId, (list) => (list === undefined ? [] : [...list]) as UnitLists[Field]);
  }

  unitPoints(field: 'awarded', unitId: string): Record<string, number> {
    const record = this.record(field) as Record<string, Record<string, number>>;
    return this.ownEntry(record, unitId, (points) => ({ ...points }));
  }

  /** `record[key]` as this draft's own to change: a copy (made by `copy`) the first time. */
  private ownEntry<Entry extends object>(
    record: Record<string, Entry>,
    key: string,
    copy: (entry: Entry | undefined) => Entry,
  ): Entry {
    const entry = Object.hasOwn(record, key) ? record[key] : undefined;
    if (entry !== undefined && this.owned.has(entry)) return entry;
    const own = copy(entry);
    setEntry(record, key, own);
    this.owned.add(own);
    return own;
  }

  result(): StandingsDocument {
    return this.copy ?? this.base;
  }
}

/** Removes, in place, the items `matches`. */
function removeWhere<Item>(items: Item[], matches: (item: Item) => boolean): void {
  let kept = 0;
  for (const item of items) if (!matches(item)) items[kept++] = item;
  items.length = kept;
}
