/**
 * ApiCommandResponses: the OpenAPI answers and headers every command endpoint documents, and the
 * error shape the queries share.
 */

import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { CommandAccepted } from '../write/command-accepted.js';

/** The JSON error shape of API.md, shared by the command and query endpoints' documentation. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    message: { type: 'string', description: 'In Vietnamese with Accept-Language: vi' },
    detail: { type: 'string', description: 'With Accept-Language: vi, the English message' },
    details: { type: 'object', additionalProperties: true },
  },
};

/** The answers every command endpoint documents: 201 with the events written, or an error. */
export function ApiCommandResponses(events: string): MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A repeat with the same key and body gets the first answer and writes nothing; another body gets 422',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: "Recorded in every event's metadata and echoed in the answer; generated when absent",
    }),
    ApiCreatedResponse({ type: CommandAccepted, description: `Written: ${events}` }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED (per-field details)', schema: ERROR_SCHEMA }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED', schema: ERROR_SCHEMA }),
    ApiResponse({ status: 403, description: 'FORBIDDEN', schema: ERROR_SCHEMA }),
    ApiResponse({ status: 404, description: 'NOT_FOUND', schema: ERROR_SCHEMA }),
    ApiResponse({ status: 409, description: 'WRONG_PHASE, ALREADY_EXISTS, CONFLICT', schema: ERROR_SCHEMA }),
    ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE', schema: ERROR_SCHEMA }),
    ApiResponse({
      status: 415,
      description: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON',
      schema: ERROR_SCHEMA,
    }),
    ApiResponse({
      status: 429,
      description:
        'RATE_LIMITED: more than RATE_LIMIT_PER_MINUTE requests from this principal (see Retry-After)',
      schema: ERROR_SCHEMA,
    }),
    ApiResponse({
      status: 422,
      description: 'A domain rule refused the command, or IDEMPOTENCY_KEY_REUSED',
      schema: ERROR_SCHEMA,
    }),
  );
}
