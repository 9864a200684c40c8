import { describe, expect, it } from '@jest/globals';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import { ProjectionLagError } from '@app/projections';
import { ApiError } from './api.error.js';
import { preferredLanguage, TRANSLATED_CODES, vietnameseMessage } from './error-messages.js';
import type { ArgumentsHost } from '@nestjs/common';
import { DOMAIN_ERROR_STATUS, ErrorFilter, localised, toErrorBody } from './error.filter.js';

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

  it('answers a domain code it has no entry for as the rule violation it is: 422', () => {
    const later = new DomainError('NOT_ELIGIBLE' as DomainErrorCode, 'a second flag for the bloc-year');
    expect(toErrorBody(later)).toEqual({
      statusCode: 422,
      code: 'NOT_ELIGIBLE',
      message: 'a second flag for the bloc-year',
    });
    expect(toErrorBody(new DomainError('ALREADY_SIGNED' as DomainErrorCode, 'signed'))?.statusCode).toBe(409);
    // An inherited name is no entry of the table.
    expect(toErrorBody(new DomainError('toString' as DomainErrorCode, 'x'))?.statusCode).toBe(422);
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

  it("tells only the status of another error that carries a client status (a Fastify plugin's)", () => {
    const error = Object.assign(new Error('parser state at /srv/app/x.js'), { statusCode: 400 });
    expect(toErrorBody(error)).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'the request was refused (400)',
    });
    expect(toErrorBody(Object.assign(new Error('x'), { statusCode: 503 }))).toBeUndefined();
  });

  it('leaves anything else to the generic 500', () => {
    expect(toErrorBody(new TypeError('x is undefined'))).toBeUndefined();
    expect(toErrorBody('a string')).toBeUndefined();
  });
});

describe('errors in Vietnamese', () => {
  it("puts the code's Vietnamese sentence in message and keeps the English one as detail", () => {
    const body = toErrorBody(ApiError.validationFailed({ points: ['points must be ...'] }))!;
    expect(localised(body, 'vi')).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: vietnameseMessage('VALIDATION_FAILED', 400),
      detail: 'the request is not valid',
      details: { points: ['points must be ...'] },
    });
    expect(localised(body, 'en')).toBe(body);
  });

  it('has a sentence for every code API.md names', () => {
    const codes = [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'WRONG_PHASE',
      'ALREADY_EXISTS',
      'ALREADY_SIGNED',
      'ALREADY_VOTED',
      'CONFLICT',
      'PAYLOAD_TOO_LARGE',
      'RATE_LIMITED',
      'POINTS_OUT_OF_RANGE',
      'UNKNOWN_CRITERION',
      'NOT_A_MEMBER',
      'SCORING_INCOMPLETE',
      'ELECTION_NOT_PASSED',
      'CONSECUTIVE_TERM',
      'ROTATION',
      'LEADER_IS_DEPUTY',
      'NOT_TOP_RANKED',
      'REASON_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
      'NOT_ELIGIBLE',
      ...Object.keys(DOMAIN_ERROR_STATUS),
    ];
    expect(codes.filter((code) => !TRANSLATED_CODES.includes(code))).toEqual([]);
  });

  it('falls back to a sentence per status for a code added later', () => {
    expect(vietnameseMessage('SOMETHING_NEW', 422)).toBe('Yêu cầu vi phạm một quy định thi đua');
    expect(vietnameseMessage('constructor', 404)).toBe('Không tìm thấy');
  });

  it.each([
    [undefined, 'en'],
    ['vi', 'vi'],
    ['vi-VN', 'vi'],
    ['VI', 'vi'],
    ['vi;q=0.9, en;q=0.8', 'vi'],
    ['en-US, vi;q=0.5', 'en'],
    ['fr, vi;q=0.1', 'vi'],
    ['*, vi;q=0.5', 'en'],
    ['vi;q=0', 'en'],
    ['vi;q=abc', 'vi'],
    [';;;,,,', 'en'],
    [['fr', 'vi'], 'vi'],
    ['vi'.padEnd(2000, ' '), 'en'],
  ])('reads Accept-Language %j as %s', (header, language) => {
    expect(preferredLanguage(header as string | string[] | undefined)).toBe(language);
  });
});

describe('ErrorFilter', () => {
  /** A host whose request logs into `lines` and whose reply records what it was sent. */
  function hostOf(request: object): { host: ArgumentsHost; sent: unknown[] } {
    const sent: unknown[] = [];
    const reply = {
      status: () => reply,
      header: () => reply,
      send: (body: unknown) => sent.push(body),
    };
    const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) };
    return { host: host as unknown as ArgumentsHost, sent };
  }

  it("logs an unexpected error through the request's logger, with the principal and the command", () => {
    const lines: Array<[Record<string, unknown>, string]> = [];
    const request = {
      headers: {},
      actor: { sub: 'officer-a', role: 'unit', unit: 'so-y-te' },
      routeOptions: { config: { commandType: 'ReportIndicator' } },
      log: { error: (fields: Record<string, unknown>, message: string) => lines.push([fields, message]) },
    };
    const { host, sent } = hostOf(request);
    new ErrorFilter().catch(new Error('the disk is gone'), host);
    expect(sent).toEqual([expect.objectContaining({ statusCode: 500, code: 'INTERNAL' })]);
    expect(lines).toEqual([
      [
        {
          context: 'ErrorFilter',
          principal: { sub: 'officer-a', role: 'unit', unit: 'so-y-te' },
          command: 'ReportIndicator',
        },
        expect.stringContaining('the disk is gone'),
      ],
    ]);
  });

  it('logs nothing for a refusal it answers', () => {
    const lines: unknown[] = [];
    const { host, sent } = hostOf({ headers: {}, log: { error: (...args: unknown[]) => lines.push(args) } });
    new ErrorFilter().catch(new NotFoundException(), host);
    expect(sent).toEqual([expect.objectContaining({ statusCode: 404 })]);
    expect(lines).toEqual([]);
  });
});
