/**
 * Whether a principal's province scope covers a bloc's
 * province, and the 403 refusal when it does not.
 */

import type { Actor } from '@app/domain';
import { ApiError } from '../http/api.error.js';

/**
 * Whether a principal may act on or read a bloc of `province`. A board or auditor token with
 * a `province` claim is scoped to that province's blocs; without one it is national. Names
 * are compared in NFC, so a name typed in NFD (as some keyboards send Vietnamese) matches.
 */
export function isWithinProvince(actor: Actor, province: string): boolean {
  return actor.province === undefined || actor.province === province.normalize('NFC');
}

/** Refuses with 403 FORBIDDEN a principal scoped to another province than `province`. */
export function assertWithinProvince(actor: Actor, province: string, what: string): void {
  if (!isWithinProvince(actor, province)) {
    throw ApiError.forbidden(`a principal of province ${actor.province} may not act on ${what}`);
  }
}
