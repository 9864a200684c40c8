/**
 * Every code the API can answer with has its own Vietnamese sentence: the lists below are
 * checked against the code types by the compiler, so a code added to the domain or to ApiError
 * fails the type check until it is listed here, and then this spec until it is translated.
 */
import { describe, expect, it } from '@jest/globals';
import type { DomainErrorCode } from '@app/domain';
import type { ApiErrorCode } from './api.error.js';
import { TRANSLATED_CODES } from './error-messages.js';

const DOMAIN_CODES = {
  NOT_FOUND: true,
  FORBIDDEN: true,
  WRONG_PHASE: true,
  ALREADY_EXISTS: true,
  ALREADY_SIGNED: true,
  POINTS_OUT_OF_RANGE: true,
  UNKNOWN_CRITERION: true,
  UNKNOWN_INDICATOR: true,
  NOT_A_MEMBER: true,
  SCORING_INCOMPLETE: true,
  ELECTION_NOT_PASSED: true,
  CONSECUTIVE_TERM: true,
  ROTATION: true,
  LEADER_IS_DEPUTY: true,
  NOT_TOP_RANKED: true,
  REASON_REQUIRED: true,
  INVALID_FRAMEWORK: true,
  LEADERSHIP_REQUIRED: true,
  INVALID_MEMBERS: true,
  INVALID_PERIOD: true,
  INVALID_VOTES: true,
  DUPLICATE_CRITERION: true,
  INVALID_TARGET: true,
  TOO_MANY_REPORTS: true,
  INVALID_DUE: true,
  NOT_ELIGIBLE: true,
  INVALID_DOCUMENTS: true,
  ALREADY_VOTED: true,
  UNKNOWN_VOTE: true,
  VOTE_MISMATCH: true,
} satisfies Record<DomainErrorCode, true>;

const API_CODES = {
  VALIDATION_FAILED: true,
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  CONFLICT: true,
  PAYLOAD_TOO_LARGE: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  IDEMPOTENCY_KEY_REUSED: true,
  RATE_LIMITED: true,
  INTERNAL: true,
  WEBHOOK_URL_REFUSED: true,
} satisfies Record<ApiErrorCode, true>;

/** Codes the error filter and the console's fallback answer with besides those types. */
const EDGE_CODES = ['METHOD_NOT_ALLOWED', 'BAD_REQUEST', 'PROJECTION_LAG', 'CONSOLE_NOT_BUILT'];

describe('Vietnamese error messages', () => {
  it('has a sentence of its own for every code the API answers with', () => {
    const codes = [...Object.keys(DOMAIN_CODES), ...Object.keys(API_CODES), ...EDGE_CODES];
    expect(codes.filter((code) => !TRANSLATED_CODES.includes(code))).toEqual([]);
  });
});
