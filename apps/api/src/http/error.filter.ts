import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import type { FastifyReply } from 'fastify';
import { ApiError } from './api.error.js';

/** The one body every error answer has. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * HTTP status of each refusal the domain can produce. A `Record` over the code union makes the
 * table exhaustive: a new domain code does not compile until it is given a status here.
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  WRONG_PHASE: 409,
  ALREADY_EXISTS: 409,
  ALREADY_SIGNED: 409,
  POINTS_OUT_OF_RANGE: 422,
  UNKNOWN_CRITERION: 422,
  UNKNOWN_INDICATOR: 422,
  NOT_A_MEMBER: 422,
  SCORING_INCOMPLETE: 422,
  ELECTION_NOT_PASSED: 422,
  CONSECUTIVE_TERM: 422,
  ROTATION: 422,
  LEADER_IS_DEPUTY: 422,
  NOT_TOP_RANKED: 422,
  REASON_REQUIRED: 422,
  INVALID_FRAMEWORK: 422,
  LEADERSHIP_REQUIRED: 422,
  INVALID_MEMBERS: 422,
  INVALID_PERIOD: 422,
  INVALID_VOTES: 422,
  DUPLICATE_CRITERION: 422,
  INVALID_TARGET: 422,
  TOO_MANY_REPORTS: 422,
};

/** Codes for the HTTP errors Nest and Fastify raise themselves (unknown route, body parsing). */
const HTTP_STATUS_CODE: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The read side's "not caught up in time" error, recognised by its code (see @app/projections). */
const PROJECTION_LAG = 'PROJECTION_LAG';

/**
 * Translates a thrown value into the status and body the client sees; `undefined` for a fault
 * of the server, which the client only sees as a generic 500.
 */
export function toErrorBody(error: unknown): ErrorBody | undefined {
  if (error instanceof ApiError) {
    return withDetails(
      { statusCode: error.statusCode, code: error.code, message: error.message },
      error.details,
    );
  }
  if (error instanceof DomainError) {
    return withDetails(
      { statusCode: DOMAIN_ERROR_STATUS[error.code], code: error.code, message: error.message },
      error.details,
    );
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      statusCode: 409,
      code: 'CONFLICT',
      message: 'the record changed concurrently; retry the command',
    };
  }
  if (error instanceof Error && (error as { code?: unknown }).code === PROJECTION_LAG) {
    return { statusCode: 503, code: PROJECTION_LAG, message: error.message };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return undefined;
}

function fromHttpException(error: HttpException): ErrorBody | undefined {
  const statusCode = error.getStatus();
  if (statusCode >= 500) return undefined;
  const cause = error.cause as { code?: unknown } | undefined;
  // Fastify's body-parsing errors carry their own codes; they are client errors of a known kind.
  const message =
    statusCode === 400 && cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
      ? 'the body is not valid JSON'
      : error.message;
  const body: ErrorBody = { statusCode, code: HTTP_STATUS_CODE[statusCode] ?? 'BAD_REQUEST', message };
  return statusCode === 400 ? { ...body, details: { body: [message] } } : body;
}

function withDetails(body: ErrorBody, details: unknown): ErrorBody {
  return details === undefined ? body : { ...body, details };
}

/** The only place where errors, domain or otherwise, become HTTP answers. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    let body = toErrorBody(error);
    if (body === undefined) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      body = { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
