/**
 * What GET …/deadlines answers: per deadline, each member's progress. The review and the
 * nomination are the bloc's to do: every member's row shows the bloc's progress.
 */
import type { DeadlineKind } from '@app/domain';
import type { DeadlinesDocument } from '@app/projections';

export interface UnitProgress {
  readonly unitId: string;
  readonly done: boolean;
  /** Done after the deadline, or not done and the deadline has passed. */
  readonly late: boolean;
}

export interface DeadlineProgress {
  readonly kind: DeadlineKind;
  readonly period: string | null;
  readonly due: string;
  /** `passed` once the process manager recorded the passing of this due. */
  readonly status: 'open' | 'passed';
  readonly units: readonly UnitProgress[];
}

export function deadlineProgress(document: DeadlinesDocument): DeadlineProgress[] {
  return document.deadlines.map(({ kind, period, due, passed }) => ({
    kind,
    period,
    due,
    status: passed ? 'passed' : 'open',
    units: document.members.map((unitId) => {
      const completion = document.completions.find(
        (c) => c.kind === kind && c.period === period && (c.unitId === unitId || c.unitId === null),
      );
      return completion === undefined
        ? { unitId, done: false, late: passed }
        : { unitId, done: true, late: completion.late };
    }),
  }));
}
