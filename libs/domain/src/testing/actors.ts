/** Command metadata for specs: who acts, at a fixed time. */
import type { CommandMetadata } from '../decider.js';
import { boardOfficer, officerOf } from './reference-case.js';

const AT = '2018-01-12T09:00:00.000Z';

export const byBoard = (reason?: string): CommandMetadata => ({
  actor: boardOfficer,
  at: AT,
  ...(reason === undefined ? {} : { reason }),
});

export const byUnit = (unit: string, reason?: string): CommandMetadata => ({
  actor: officerOf(unit),
  at: AT,
  ...(reason === undefined ? {} : { reason }),
});

export const byAuditor = (): CommandMetadata => ({ actor: { sub: 'inspector', role: 'auditor' }, at: AT });
