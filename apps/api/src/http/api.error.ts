/** Codes the HTTP edge itself produces (the domain's codes come with DomainError). */
export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED'
  | 'WEBHOOK_URL_REFUSED'
  | 'INTERNAL';

/** A request refused at the edge, before or around the domain; the exception filter renders it. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `details` maps each offending field (a dotted path) to what is wrong with it. */
  static validationFailed(details: Record<string, string[]>, message = 'the request is not valid'): ApiError {
    return new ApiError(400, 'VALIDATION_FAILED', message, details);
  }

  static unauthenticated(message: string): ApiError {
    return new ApiError(401, 'UNAUTHENTICATED', message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(403, 'FORBIDDEN', message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', message);
  }
}
