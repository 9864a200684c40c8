/** The province decides its blocs' honours: a principal scoped to another province may not act on them. */
import type { Actor } from '../decider.js';
import { DomainError } from '../domain.error.js';

/** FORBIDDEN for a principal scoped to another province (names compared in NFC). */
export function requireWithinProvince(actor: Actor, province: string, what: string): void {
  if (actor.province !== undefined && actor.province.normalize('NFC') !== province.normalize('NFC')) {
    throw new DomainError('FORBIDDEN', `a principal of province ${actor.province} may not act on ${what}`, {
      province: actor.province,
    });
  }
}
