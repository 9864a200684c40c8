/**
 * Turns every thrown error, the domain's or not, into the
 * status and error body of API.md, in English or Vietnamese.
 */

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api.error.js';
import { requestLogFields } from '../logging/request-log-context.js';
import { preferredLanguage, vietnameseMessage } from './error-messages.js';

/** The one body every error answer has. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  /** With `Accept-Language: vi`: the English message, specific to this occurrence. */
  readonly detail?: string;
  readonly details?: unknown;
}

/**
 * HTTP status of the domain's refusals that are not rule violations. Every other domain code
 * is a well-formed command that breaks a rule (API.md: 422), so a code the domain adds later
 * needs no entry here.
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  WRONG_PHASE: 409,
  ALREADY_EXISTS: 409,
  ALREADY_SIGNED: 409,
  ALREADY_VOTED: 409,
  CONFLICT: 409,
};

const RULE_VIOLATION_STATUS = 422;

export function domainErrorStatus(code: string): number {
  return Object.hasOwn(DOMAIN_ERROR_STATUS, code) ? DOMAIN_ERROR_STATUS[code]! : RULE_VIOLATION_STATUS;
}

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
  429: 'RATE_LIMITED',
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
      { statusCode: domainErrorStatus(error.code), code: error.code, message: error.message },
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
  return fromClientStatus(error);
}

/**
 * Any other error that carries a 4xx `statusCode` (a Fastify plugin's, a parser's) is the
 * client's; its own message may name internals, so only the status is told.
 */
function fromClientStatus(error: unknown): ErrorBody | undefined {
  const statusCode = error instanceof Error ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 400 ||
    statusCode >= 500
  ) {
    return undefined;
  }
  return {
    statusCode,
    code: HTTP_STATUS_CODE[statusCode] ?? 'BAD_REQUEST',
    message: `the request was refused (${statusCode})`,
  };
}

/**
 * The body in the client's language: in Vietnamese, `message` is the code's sentence and the
 * English message moves to `detail`; `code` and `details` never change.
 */
export function localised(body: ErrorBody, language: 'en' | 'vi'): ErrorBody {
  if (language === 'en') return body;
  return { ...body, message: vietnameseMessage(body.code, body.statusCode), detail: body.message };
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
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest | undefined>();
    let body = toErrorBody(error);
    if (body === undefined) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      // Through the request's logger: its correlation id, principal and command with it.
      if (request?.log) request.log.error({ context: ErrorFilter.name, ...requestLogFields(request) }, text);
      else this.logger.error(text);
      body = { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
    }
    const language = preferredLanguage(request?.headers?.['accept-language']);
    const reply = http.getResponse<FastifyReply>();
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .send(localised(body, language));
  }
}
