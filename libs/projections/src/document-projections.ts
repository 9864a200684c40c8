/** Every document read model the projector maintains (the audit index runs beside them). */

import { blocsProjection } from './blocs/blocs.projection.js';
import { cycleProjection } from './cycle/cycle.projection.js';
import { deadlinesProjection } from './deadlines/deadlines.projection.js';
import { honoursProjection } from './honours/honours.projection.js';
import { leadershipProjection } from './leadership/leadership.projection.js';
import { nominationsProjection } from './nominations/nominations.projection.js';
import type { DocumentProjection } from './projection.js';
import { standingsProjection } from './standings/standings.projection.js';
import { votesProjection } from './votes/votes.projection.js';

export const documentProjections: readonly DocumentProjection<unknown>[] = [
  blocsProjection,
  cycleProjection,
  standingsProjection,
  leadershipProjection,
  deadlinesProjection,
  nominationsProjection,
  honoursProjection,
  votesProjection,
];
