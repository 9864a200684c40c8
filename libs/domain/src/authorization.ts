/**
 * Who may do what is a domain rule here (the regulation says who runs the bloc), so the
 * deciders check it against the actor in the command's metadata.
 */
import type { Actor } from './decider.js';
import { DomainError } from './domain.error.js';

/** Registering blocs, admitting and withdrawing members, opening cycles. */
export function requireBoard(actor: Actor, action: string): void {
  if (actor.role !== 'board') forbid(actor, action);
}

/**
 * The leader's actions (targets, review, scores, finalize, honour, elections, close): the
 * board, or an officer of this year's leader or deputy unit.
 */
export function requireBlocLeadership(
  actor: Actor,
  cycle: { leader: string; deputy: string },
  action: string,
): void {
  if (actor.role === 'board') return;
  if (actor.role === 'unit' && (actor.unit === cycle.leader || actor.unit === cycle.deputy)) return;
  forbid(actor, action);
}

/** A unit's own actions (sign, report, self-assess): the board or that unit's officer. */
export function requireUnitOfficer(actor: Actor, unitId: string, action: string): void {
  if (actor.role === 'board') return;
  if (actor.role === 'unit' && actor.unit === unitId) return;
  forbid(actor, action);
}

/**
 * Conflict of interest (DOMAIN.md): a unit's staff never decide about their own unit, even
 * when their unit is the leader or deputy: they do not award or revise its points, set its
 * targets, honour or nominate it, or record its election. The other of leader and deputy, or
 * the board, does it. `action` names the decision, e.g. "set the targets of".
 */
export function forbidOwnUnit(actor: Actor, unitId: string, action: string): void {
  if (actor.role === 'unit' && actor.unit === unitId) {
    throw new DomainError(
      'FORBIDDEN',
      `The staff of ${unitId} may not ${action} their own unit: the other of leader and deputy, or the board, does it`,
      { role: actor.role, unit: actor.unit, unitId },
    );
  }
}

function forbid(actor: Actor, action: string): never {
  const who = actor.role === 'unit' ? `an officer of ${actor.unit ?? 'no unit'}` : `the ${actor.role} role`;
  throw new DomainError('FORBIDDEN', `${who} may not ${action}`, { role: actor.role, unit: actor.unit });
}
