/**
 * The deadlines projection: a bloc-year's deadlines (their due, whether their passing was
 * recorded) and what each unit has done of what they ask, first time only, with its late flag.
 * The query's view (`get-deadlines`) puts the two together.
 */
import type { DeadlineKind, DomainEvent } from '@app/domain';
import { cycleKey, type DocumentProjection } from '../projection.js';

/** One deadline as last set. */
export interface DeadlineFact {
  readonly kind: DeadlineKind;
  /** The reporting period; null for the other kinds. */
  readonly period: string | null;
  readonly due: string;
  /** Whether the process manager recorded its passing for this due. */
  readonly passed: boolean;
}

/**
 * The first time a unit (or, for the review and the nomination, the bloc: `unitId` null) did
 * what a kind of deadline asks; `period` for reports. `late` as its event was flagged; a
 * nomination carries no flag and is late when submitted after the deadline's passing.
 */
export interface Completion {
  readonly kind: DeadlineKind;
  readonly period: string | null;
  readonly unitId: string | null;
  readonly late: boolean;
}

export interface DeadlinesDocument {
  readonly blocId: string;
  readonly year: number;
  /** The cycle's members, in the bloc's order. */
  readonly members: readonly string[];
  /** In the order first set; a moved deadline keeps its place. */
  readonly deadlines: readonly DeadlineFact[];
  readonly completions: readonly Completion[];
}

/**
 * Nominations are another slice's events: read by their type's name, so that this projection
 * follows them wherever they are defined (and ignores nothing else).
 */
const NOMINATION_SUBMITTED = 'NominationSubmitted';

export const deadlinesProjection: DocumentProjection<DeadlinesDocument> = {
  name: 'deadlines',

  keyOf(event) {
    switch (event.type) {
      case 'CycleOpened':
      case 'PactSigned':
      case 'ReviewOpened':
      case 'IndicatorReported':
      case 'SelfAssessmentSubmitted':
      case 'DeadlineSet':
      case 'DeadlinePassed':
        return cycleKey(event.data.blocId, event.data.year);
      default: {
        const bloc = nominationBlocYear(event);
        return bloc === undefined ? undefined : cycleKey(bloc.blocId, bloc.year);
      }
    }
  },

  evolve(document, event) {
    if (event.type === 'CycleOpened') {
      const { blocId, year, members } = event.data;
      return { blocId, year, members: members.map((m) => m.unitId), deadlines: [], completions: [] };
    }
    if (document === undefined) return undefined;
    switch (event.type) {
      case 'PactSigned':
        return completed(document, 'signing', null, event.data.unitId, event.data.late === true);
      case 'ReviewOpened':
        return completed(document, 'review', null, null, event.data.late === true);
      case 'IndicatorReported':
        return completed(
          document,
          'reporting',
          event.data.period,
          event.data.unitId,
          event.data.late === true,
        );
      case 'SelfAssessmentSubmitted':
        return completed(document, 'self-assessment', null, event.data.unitId, event.data.late === true);
      case 'DeadlineSet': {
        const { kind, due } = event.data;
        const period = event.data.period ?? null;
        const fact: DeadlineFact = { kind, period, due, passed: false };
        const index = document.deadlines.findIndex((d) => d.kind === kind && d.period === period);
        const deadlines =
          index < 0
            ? [...document.deadlines, fact]
            : document.deadlines.map((d, i) => (i === index ? fact : d));
        return { ...document, deadlines };
      }
      case 'DeadlinePassed': {
        const { kind, due } = event.data;
        const period = event.data.period ?? null;
        return {
          ...document,
          deadlines: document.deadlines.map((d) =>
            d.kind === kind && d.period === period && d.due === due ? { ...d, passed: true } : d,
          ),
        };
      }
      default: {
        if (nominationBlocYear(event) === undefined) return document;
        const deadline = document.deadlines.find((d) => d.kind === 'nomination');
        return completed(document, 'nomination', null, null, deadline?.passed === true);
      }
    }
  },
};

/** The document with a first completion recorded; a later one of the same changes nothing. */
function completed(
  document: DeadlinesDocument,
  kind: DeadlineKind,
  period: string | null,
  unitId: string | null,
  late: boolean,
): DeadlinesDocument {
  const earlier = document.completions.some(
    (c) => c.kind === kind && c.period === period && c.unitId === unitId,
  );
  if (earlier) return document;
  return { ...document, completions: [...document.completions, { kind, period, unitId, late }] };
}

function nominationBlocYear(event: DomainEvent): { blocId: string; year: number } | undefined {
  if ((event.type as string) !== NOMINATION_SUBMITTED) return undefined;
  const data = event.data as { readonly blocId?: unknown; readonly year?: unknown };
  return typeof data.blocId === 'string' && typeof data.year === 'number'
    ? { blocId: data.blocId, year: data.year }
    : undefined;
}
