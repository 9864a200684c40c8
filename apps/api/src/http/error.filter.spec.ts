import { describe, expect, it } from '@jest/globals';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import { ProjectionLagError } from '@app/projections';
import { ApiError } from './api.error.js';
import { DOMAIN_ERROR_STATUS, toErrorBody } from './error.filter.js';

describe('toErrorBody', () => {
  it('answers each domain refusal with its status and code, and its details', () => {
    expect(
      toErrorBody(new DomainError('ROTATION', 'so-a led more recently', { eligible: ['so-b'] })),
    ).toEqual({
      statusCode: 422,
      code: 'ROTATION',
      message: 'so-a led more recently',
      details: { eligible: ['so-b'] },
    });
    expect(toErrorBody(new DomainError('WRONG_PHASE', 'closed'))?.statusCode).toBe(409);
    expect(toErrorBody(new DomainError('ALREADY_EXISTS', 'signed'))?.statusCode).toBe(409);
    expect(toErrorBody(new DomainError('NOT_FOUND', 'no bloc'))?.statusCode).toBe(404);
    expect(toErrorBody(new DomainError('FORBIDDEN', 'own unit'))?.statusCode).toBe(403);
  });

  it('maps every domain code to a client error: 403, 404, 409 or 422', () => {
    for (const [code, status] of Object.entries(DOMAIN_ERROR_STATUS)) {
      expect([403, 404, 409, 422]).toContain(status);
      expect(toErrorBody(new DomainError(code as DomainErrorCode, 'x'))?.statusCode).toBe(status);
    }
  });

  it('answers a write that kept losing the race with 409 CONFLICT', () => {
    expect(toErrorBody(new WrongExpectedRevisionError('cycle-b:2024', 3, 4))).toMatchObject({
      statusCode: 409,
      code: 'CONFLICT',
    });
  });

  it("answers the read side's lag with 503", () => {
    expect(toErrorBody(new ProjectionLagError(10, 7, 2000))).toMatchObject({
      statusCode: 503,
      code: 'PROJECTION_LAG',
    });
  });

  it("renders the edge's own errors as they are", () => {
    expect(toErrorBody(ApiError.validationFailed({ year: ['year must not be less than 1900'] }))).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'the request is not valid',
      details: { year: ['year must not be less than 1900'] },
    });
  });

  it("gives Nest's and Fastify's HTTP errors a code", () => {
    expect(toErrorBody(new NotFoundException('Cannot POST /api/x'))).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot POST /api/x',
    });
    expect(toErrorBody(new PayloadTooLargeException('too big'))).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('leaves anything else to the generic 500', () => {
    expect(toErrorBody(new TypeError('x is undefined'))).toBeUndefined();
    expect(toErrorBody('a string')).toBeUndefined();
  });
});
