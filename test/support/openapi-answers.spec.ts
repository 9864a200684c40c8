import { describe, expect, it } from '@jest/globals';
import { OpenApiAnswers } from './openapi-answers.js';

/** A document as @nestjs/swagger writes one: a nullable $ref wrapped in allOf, a 404 answer. */
const document = {
  paths: {
    '/api/blocs/{blocId}': {
      get: {
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Bloc' } } } },
          '404': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
    '/api/blocs/mine': { get: { responses: { '200': { description: 'no schema' } } } },
    '/api/blocs/{blocId}/sheet.pdf': {
      get: {
        responses: {
          '200': { content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          '404': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Bloc: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          leader: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Unit' }] },
        },
        required: ['id', 'leader'],
      },
      Unit: { type: 'object', properties: { unitId: { type: 'string' } }, required: ['unitId'] },
      Error: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
    },
  },
};

const check = (status: number, body: unknown, path = '/api/blocs/kg-4') =>
  OpenApiAnswers.of(document).mismatches([{ method: 'GET', path, status, body }]);

describe('OpenApiAnswers', () => {
  it('accepts a file of a media type documented for its status, and refuses one of another', () => {
    const file = (status: number, contentType: string, body?: unknown) =>
      OpenApiAnswers.of(document).mismatches([
        { method: 'GET', path: '/api/blocs/kg-4/sheet.pdf', status, body, contentType },
      ]);
    expect(file(200, 'application/pdf')).toEqual([]);
    expect(file(404, 'application/json; charset=utf-8', { code: 'NOT_FOUND' })).toEqual([]);
    expect(file(404, 'application/json; charset=utf-8', { statusCode: 404 })).toHaveLength(1);
    expect(file(200, 'text/html; charset=utf-8')[0]?.problems).toEqual([
      'GET /api/blocs/{blocId}/sheet.pdf 200 documents no text/html answer',
    ]);
  });

  it('accepts answers the document describes, a null where it is nullable included', () => {
    expect(check(200, { id: 'kg-4', leader: { unitId: 'u1' } })).toEqual([]);
    expect(check(200, { id: 'kg-4', leader: null })).toEqual([]);
    expect(check(404, { code: 'NOT_FOUND' })).toEqual([]);
  });

  it('refuses a missing field, a field the document does not list, and a wrong type', () => {
    expect(check(200, { id: 'kg-4' })).toHaveLength(1);
    expect(check(200, { id: 'kg-4', leader: null, extra: 1 })).toHaveLength(1);
    expect(check(200, { id: 'kg-4', leader: { unitId: 'u1', extra: 1 } })).toHaveLength(1);
    expect(check(200, { id: 4, leader: null })).toHaveLength(1);
  });

  it('refuses an undocumented status, an answer without a schema and an unknown path', () => {
    expect(check(409, { code: 'WRONG_PHASE' })[0]?.problems).toEqual([
      'status 409 is not documented for GET /api/blocs/{blocId}',
    ]);
    expect(check(200, {}, '/api/blocs/mine')[0]?.problems).toEqual([
      'GET /api/blocs/mine 200 documents no JSON schema',
    ]);
    expect(check(200, {}, '/api/nowhere')[0]?.problems).toEqual([
      'no path of the document matches /api/nowhere',
    ]);
  });
});
