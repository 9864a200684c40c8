/**
 * ApiQueryResponses: the OpenAPI answers a query endpoint
 * documents, 200, 401 and the refusals it lists.
 */

import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { ERROR_SCHEMA } from '../http/command-responses.decorator.js';

/** Refusals a query can answer with, besides 401 which every one shares. */
const ERRORS = {
  400: 'VALIDATION_FAILED (per-field details)',
  403: 'FORBIDDEN: role not allowed, or a unit reading a bloc it does not belong to',
  404: 'NOT_FOUND: unknown bloc or year',
  409: 'WRONG_PHASE: the ranking is final only once scoring is finalized',
  503: 'PROJECTION_LAG: the read models did not catch up with the log in time',
} as const;

/** The answers a query endpoint documents: 200 with `answer`, 401 without a valid token, the listed refusals. */
export function ApiQueryResponses(
  answer: string,
  refusals: readonly (keyof typeof ERRORS)[] = [],
): MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiOkResponse({ description: answer }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED', schema: ERROR_SCHEMA }),
    ...refusals.map((status) => ApiResponse({ status, description: ERRORS[status], schema: ERROR_SCHEMA })),
  );
}
