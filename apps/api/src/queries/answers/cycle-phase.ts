/** The phases of a cycle, for the answers that show one. */
import type { CyclePhase } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';

export const CYCLE_PHASES = enumValues<CyclePhase>()('signing', 'in_force', 'review', 'finalized', 'closed');
