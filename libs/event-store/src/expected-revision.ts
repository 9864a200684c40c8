/** Whether a stream's last revision meets an append's expected revision. */
import type { ExpectedRevision } from './event-store.port.js';

/** Whether a stream whose last revision is `current` (-1: no stream) meets the expectation. */
export function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'exists':
      return current >= 0;
    default:
      return current === expected;
  }
}
