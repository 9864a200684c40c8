/** Stable codes of refused commands; the API's one exception filter maps each to a status. */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'WRONG_PHASE'
  | 'ALREADY_EXISTS'
  | 'ALREADY_SIGNED'
  | 'POINTS_OUT_OF_RANGE'
  | 'UNKNOWN_CRITERION'
  | 'UNKNOWN_INDICATOR'
  | 'NOT_A_MEMBER'
  | 'SCORING_INCOMPLETE'
  | 'ELECTION_NOT_PASSED'
  | 'CONSECUTIVE_TERM'
  | 'ROTATION'
  | 'LEADER_IS_DEPUTY'
  | 'NOT_TOP_RANKED'
  | 'REASON_REQUIRED'
  | 'INVALID_FRAMEWORK'
  | 'LEADERSHIP_REQUIRED'
  | 'INVALID_MEMBERS'
  | 'INVALID_PERIOD'
  | 'INVALID_VOTES'
  | 'DUPLICATE_CRITERION'
  | 'INVALID_TARGET'
  | 'TOO_MANY_REPORTS'
  | 'INVALID_DUE'
  | 'NOT_ELIGIBLE'
  | 'INVALID_DOCUMENTS'
  | 'ALREADY_VOTED'
  | 'UNKNOWN_VOTE'
  | 'VOTE_MISMATCH';

/** A command broke a domain rule; nothing is written. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
