/**
 * ApiCommandResponses: the OpenAPI answers and headers every command endpoint documents, and the
 * error shape the queries share. It also marks the endpoint as a command (CommandType), for the
 * request log and the metrics.
 */

import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CommandType } from './command-type.js';
import { ErrorAnswer } from './openapi/error.answer.js';
import { CommandAccepted } from '../write/command-accepted.js';

/**
 * The JSON error shape of API.md as a reference to its one component (ErrorAnswer), for
 * endpoints that document an answer with `schema:` rather than through these decorators.
 */
export const ERROR_SCHEMA = { $ref: getSchemaPath(ErrorAnswer) };

/**
 * The answers every command endpoint documents: 201 with the events written, or an error.
 * `accepted`: the 201 answer's class where a command answers more than CommandAccepted (an id it
 * made, say), extending it.
 */
export function ApiCommandResponses(
  events: string,
  accepted: Type<CommandAccepted> = CommandAccepted,
): MethodDecorator {
  return applyDecorators(
    CommandType(),
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
    ApiCreatedResponse({ type: accepted, description: `Written: ${events}` }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED (per-field details)', type: ErrorAnswer }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED', type: ErrorAnswer }),
    ApiResponse({ status: 403, description: 'FORBIDDEN', type: ErrorAnswer }),
    ApiResponse({ status: 404, description: 'NOT_FOUND', type: ErrorAnswer }),
    ApiResponse({ status: 409, description: 'WRONG_PHASE, ALREADY_EXISTS, CONFLICT', type: ErrorAnswer }),
    ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE', type: ErrorAnswer }),
    ApiResponse({
      status: 415,
      description: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON',
      type: ErrorAnswer,
    }),
    ApiResponse({
      status: 429,
      description:
        'RATE_LIMITED: more than RATE_LIMIT_PER_MINUTE requests from this principal (see Retry-After)',
      type: ErrorAnswer,
    }),
    ApiResponse({
      status: 422,
      description: 'A domain rule refused the command, or IDEMPOTENCY_KEY_REUSED',
      type: ErrorAnswer,
    }),
  );
}
