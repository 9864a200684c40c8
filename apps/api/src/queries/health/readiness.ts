/**
 * When a process counts as ready: every read model within
 * READY_MAX_LAG events of the log's head, and the stores answering.
 */

import type { ProjectionStatus } from '@app/projections';

/**
 * The largest lag, in events, at which a process still counts as ready. Above it the read
 * models are not merely busy but stuck or rebuilding, and queries would wait and fail with 503.
 */
export const READY_MAX_LAG = 1_000;

export interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly reason?: string;
  readonly projections?: readonly ProjectionStatus[];
}

/** Ready while every read model is within READY_MAX_LAG events of the log's head. */
export function readinessOf(projections: readonly ProjectionStatus[]): Readiness {
  const lagging = projections.filter((projection) => projection.lag > READY_MAX_LAG);
  if (lagging.length === 0) return { status: 'ready', projections };
  const names = lagging.map((projection) => `${projection.name} (${projection.lag})`).join(', ');
  return {
    status: 'unavailable',
    reason: `read models more than ${READY_MAX_LAG} events behind: ${names}`,
    projections,
  };
}

/**
 * The stores did not answer: nothing can be read or written. The probe answers anyone, so the
 * driver's text (hosts, ports, users, paths) stays in the server's log.
 */
export function unreachable(): Readiness {
  return { status: 'unavailable', reason: 'stores unreachable' };
}
