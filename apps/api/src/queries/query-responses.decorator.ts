/**
 * ApiQueryResponses: the OpenAPI answers a query endpoint documents: 200 with its answer's
 * schema, and the refusals it can answer with, each with the error schema.
 */

import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiResponse,
  type ApiResponseSchemaHost,
} from '@nestjs/swagger';
import { ErrorAnswer } from '../http/openapi/error.answer.js';

/** Refusals a query can answer with, besides those every one shares (400, 401, 429). */
const ERRORS = {
  400: 'VALIDATION_FAILED (per-field details): a malformed path, query or X-Correlation-Id',
  403: 'FORBIDDEN: role not allowed, or a unit reading a bloc it does not belong to',
  404: 'NOT_FOUND: unknown bloc or year, or what the path names (vote, webhook, document)',
  409: 'WRONG_PHASE: the ranking, and the minutes, only once scoring is finalized',
  413: 'PAYLOAD_TOO_LARGE: an upload over 20 MiB',
  503: 'PROJECTION_LAG: the read models did not catch up with the log in time',
} as const;

/** What a query answers with 200: the answer's class (an array of them with `isArray`). */
export interface QueryAnswer {
  readonly type: Type<unknown>;
  readonly isArray?: boolean;
  readonly description: string;
}

/**
 * A 200 answer that is not JSON: a file (`format: binary`, xlsx, pdf, docx) or a text stream
 * (text/event-stream). Documented on the 200 answer only, not by ApiProduces, which would
 * label the JSON refusals with the same media type.
 */
export interface ContentAnswer {
  readonly contentTypes: readonly string[];
  readonly format?: 'binary';
  readonly description: string;
}

/** A 200 answer whose schema is written out (a `oneOf` of answer classes, say). */
export interface SchemaAnswer {
  readonly schema: ApiResponseSchemaHost['schema'];
  readonly description: string;
}

function okResponse(answer: QueryAnswer | ContentAnswer | SchemaAnswer | string): MethodDecorator {
  if (typeof answer === 'string') return ApiOkResponse({ description: answer });
  if ('schema' in answer) return ApiOkResponse({ description: answer.description, schema: answer.schema });
  if ('contentTypes' in answer) {
    const schema =
      answer.format === undefined ? { type: 'string' } : { type: 'string', format: answer.format };
    return ApiOkResponse({
      description: answer.description,
      content: Object.fromEntries(answer.contentTypes.map((type) => [type, { schema }])),
    });
  }
  return ApiOkResponse({ type: answer.type, isArray: answer.isArray, description: answer.description });
}

/**
 * The answers a query endpoint documents: 200 with `answer`, 400 (a malformed path, query or
 * correlation id), 401 without a valid token, 429 past the rate limit, and the listed refusals.
 * A bare string documents the 200 answer by a sentence only (no schema): kept for endpoints
 * not yet given an answer class.
 */
export function ApiQueryResponses(
  answer: QueryAnswer | ContentAnswer | SchemaAnswer | string,
  refusals: readonly (keyof typeof ERRORS)[] = [],
): MethodDecorator {
  const ok = okResponse(answer);
  const statuses = [...new Set<keyof typeof ERRORS>([400, ...refusals])];
  return applyDecorators(
    ApiBearerAuth(),
    ApiCorrelationId(),
    ok,
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED', type: ErrorAnswer }),
    ...statuses.map((status) => ApiResponse({ status, description: ERRORS[status], type: ErrorAnswer })),
    ApiResponse({
      status: 429,
      description:
        'RATE_LIMITED: more than RATE_LIMIT_PER_MINUTE requests from this principal (see Retry-After)',
      type: ErrorAnswer,
    }),
  );
}

/** The X-Correlation-Id header every request may carry (echoed on the answer). */
export function ApiCorrelationId(): MethodDecorator {
  return ApiHeader({
    name: 'X-Correlation-Id',
    required: false,
    description: 'Recorded in the events a command writes and echoed on every answer; generated when absent',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  });
}
