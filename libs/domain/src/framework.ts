/** Rules about a cycle's scoring framework, shared by the cycle and unit-cycle deciders. */
import { DomainError } from './domain.error.js';
import type { Criterion, Framework } from './events.js';
import { toHundredths } from './points.js';

/** The framework's criterion with this code; UNKNOWN_CRITERION when there is none. */
export function criterionOf(framework: Framework, code: string): Criterion {
  for (const content of framework.contents) {
    const criterion = content.criteria.find((c) => c.code === code);
    if (criterion !== undefined) return criterion;
  }
  throw new DomainError('UNKNOWN_CRITERION', `The framework has no criterion ${code}`, { criterion: code });
}

/** Points lie in 0..maxPoints of their criterion, with at most two decimals. */
export function requirePointsInRange(criterion: Criterion, points: number): void {
  const hundredths = toHundredths(points);
  if (hundredths < 0 || hundredths > toHundredths(criterion.maxPoints)) {
    throw new DomainError(
      'POINTS_OUT_OF_RANGE',
      `${criterion.code} takes 0 to ${criterion.maxPoints} points, not ${points}`,
      { criterion: criterion.code, maxPoints: criterion.maxPoints, points },
    );
  }
}
