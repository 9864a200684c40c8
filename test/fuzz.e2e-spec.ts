/**
 * Property-based fuzzing of every command and query endpoint the application has today
 * (issue 11: "No input, however malformed, gets a 5xx"). For each, generated malformed bodies,
 * path segments, query strings and headers must get a 4xx JSON error with a `code`, and the log's
 * head must not move. Requests carry a board token, which may do everything, so they reach
 * validation and, where the input is well-formed, the domain.
 *
 * Deterministic: a fixed seed (FUZZ_SEED overrides it) and bounded runs (FUZZ_RUNS scales them
 * for a deeper local session). On the embedded SQLite store, in a temporary DATA_DIR.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { CODE, ENTITY_ID, PERIOD } from '../apps/api/src/http/validators.js';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { TARGET_COLUMNS, TARGETS_SHEET } from '../apps/api/src/documents/rendering/target-sheet.js';
import { type ApiResponse, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns: Math.max(1, Math.round(n * SCALE)),
});

// --- the shape of each endpoint's input ------------------------------------------------------

type Kind =
  | {
      readonly t:
        | 'id'
        | 'code'
        | 'points'
        | 'count'
        | 'year'
        | 'period'
        | 'date'
        | 'dateTime'
        | 'bool'
        | 'tieBreak'
        | 'url'
        | 'secret';
    }
  | { readonly t: 'text'; readonly max: number; readonly style: 'name' | 'line' | 'multiline' }
  | { readonly t: 'measure'; readonly min: number }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'object'; readonly fields: Fields }
  | { readonly t: 'array'; readonly of: Kind; readonly min: number; readonly max: number };
interface Field {
  readonly kind: Kind;
  readonly required: boolean;
}
type Fields = Readonly<Record<string, Field>>;

const req = (kind: Kind): Field => ({ kind, required: true });
const opt = (kind: Kind): Field => ({ kind, required: false });
const id: Kind = { t: 'id' };
const code: Kind = { t: 'code' };
const name = (max = 200): Kind => ({ t: 'text', max, style: 'name' });
const line = (max: number): Kind => ({ t: 'text', max, style: 'line' });
const multiline = (max: number): Kind => ({ t: 'text', max, style: 'multiline' });
const points: Kind = { t: 'points' };
const count: Kind = { t: 'count' };
const object = (fields: Fields): Kind => ({ t: 'object', fields });
const array = (of: Kind, min: number, max: number): Kind => ({ t: 'array', of, min, max });
const oneOf = (...values: string[]): Kind => ({ t: 'enum', values });
const votes = object({ for: req(count), against: req(count), abstain: req(count) });

interface Command {
  readonly name: string;
  /** Path under /api with `:blocId`, `:year`, `:unitId`, `:voteId`, `:id` (a nomination's). */
  readonly path: string;
  readonly fields: Fields;
  /**
   * A well-formed body is accepted whatever bloc exists (a webhook's registration names none):
   * the "well-formed for an unknown bloc" property does not apply.
   */
  readonly acceptsAnyWellFormed?: true;
}

const dossier = array(
  object({
    kind: req(oneOf('submission', 'minutes', 'achievement-report', 'score-sheet', 'other')),
    title: req(multiline(500)),
    sha256: req(oneOf('0'.repeat(64), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')),
  }),
  1,
  50,
);

/** Every command controller (apps/api/src/blocs, apps/api/src/cycles) and its DTO. */
const COMMANDS: readonly Command[] = [
  {
    name: 'register bloc',
    path: '/blocs',
    fields: {
      id: req(id),
      name: req(name()),
      province: opt(name()),
      members: req(array(object({ unitId: req(id), name: req(name()) }), 1, 100)),
      policy: opt(
        object({
          rotation: opt(oneOf('strict', 'none')),
          noConsecutiveLeader: opt({ t: 'bool' }),
          tieBreak: opt(array({ t: 'tieBreak' }, 0, 10)),
        }),
      ),
    },
  },
  { name: 'admit member', path: '/blocs/:blocId/members', fields: { unitId: req(id), name: req(name()) } },
  {
    name: 'withdraw member',
    path: '/blocs/:blocId/members/:unitId/withdraw',
    fields: { reason: req(multiline(1000)) },
  },
  {
    name: 'open cycle',
    path: '/blocs/:blocId/cycles',
    fields: {
      year: req({ t: 'year' }),
      framework: req(
        object({
          contents: req(
            array(
              object({
                code: req(code),
                title: req(multiline(300)),
                criteria: req(
                  array(
                    object({
                      code: req(code),
                      title: req(multiline(300)),
                      maxPoints: req(points),
                      kind: opt(oneOf('standard', 'bonus', 'penalty')),
                    }),
                    1,
                    200,
                  ),
                ),
              }),
              1,
              20,
            ),
          ),
        }),
      ),
      leader: opt(id),
      deputy: opt(id),
    },
  },
  {
    name: 'set indicator target',
    path: '/blocs/:blocId/cycles/:year/targets',
    fields: {
      unitId: req(id),
      code: req(code),
      title: req(multiline(300)),
      criterion: req(code),
      measure: req(line(50)),
      direction: req(oneOf('increase', 'decrease')),
      target: req({ t: 'measure', min: 0 }),
    },
  },
  {
    name: 'sign pact',
    path: '/blocs/:blocId/cycles/:year/signatures',
    fields: { unitId: req(id), signatory: req(object({ title: req(multiline(200)), name: opt(name()) })) },
  },
  {
    name: 'report indicator',
    path: '/blocs/:blocId/cycles/:year/reports',
    fields: {
      unitId: req(id),
      indicator: req(code),
      period: req({ t: 'period' }),
      value: req({ t: 'measure', min: -1e12 }),
      note: opt(multiline(2000)),
    },
  },
  {
    name: 'submit self-assessment',
    path: '/blocs/:blocId/cycles/:year/self-assessments',
    fields: {
      unitId: req(id),
      scores: req(array(object({ criterion: req(code), points: req(points) }), 1, 200)),
    },
  },
  {
    name: 'open review',
    path: '/blocs/:blocId/cycles/:year/review',
    fields: { meetingDate: req({ t: 'date' }), venue: opt(line(200)) },
  },
  {
    name: 'award score',
    path: '/blocs/:blocId/cycles/:year/scores',
    fields: { unitId: req(id), criterion: req(code), points: req(points), reason: opt(multiline(1000)) },
  },
  { name: 'finalize scoring', path: '/blocs/:blocId/cycles/:year/scoring/finalize', fields: {} },
  {
    name: 'honor leading unit',
    path: '/blocs/:blocId/cycles/:year/leading-unit',
    fields: { unitId: req(id), votes: opt(votes) },
  },
  {
    name: 'elect leadership',
    path: '/blocs/:blocId/cycles/:year/elections',
    fields: { role: req(oneOf('leader', 'deputy')), unitId: req(id), votes: req(votes) },
  },
  { name: 'close cycle', path: '/blocs/:blocId/cycles/:year/close', fields: {} },
  {
    name: 'set deadline',
    path: '/blocs/:blocId/cycles/:year/deadlines',
    fields: {
      kind: req(oneOf('signing', 'reporting', 'self-assessment', 'review', 'nomination')),
      period: opt({ t: 'period' }),
      due: req({ t: 'dateTime' }),
      reason: opt(multiline(1000)),
    },
  },
  {
    name: 'submit nomination',
    path: '/blocs/:blocId/cycles/:year/nominations',
    fields: {
      unitId: req(id),
      award: req(oneOf('emulation-flag', 'certificate-of-merit')),
      documents: req(dossier),
    },
  },
  {
    name: 'adopt regulation',
    path: '/blocs/:blocId/regulations',
    fields: {
      year: req({ t: 'year' }),
      title: req(multiline(300)),
      adoptedOn: req({ t: 'date' }),
      policy: req(
        object({
          rotation: opt(oneOf('strict', 'none')),
          noConsecutiveLeader: opt({ t: 'bool' }),
          tieBreak: opt(array({ t: 'tieBreak' }, 0, 10)),
          vote: opt(
            object({ of: req(oneOf('members', 'present')), ratio: req(oneOf('majority', 'two-thirds')) }),
          ),
        }),
      ),
    },
  },
  {
    name: 'open vote',
    path: '/blocs/:blocId/cycles/:year/votes',
    fields: { subject: req(oneOf('leading-unit', 'leader', 'deputy')), candidate: req(id) },
  },
  {
    name: 'cast ballot',
    path: '/blocs/:blocId/cycles/:year/votes/:voteId/ballots',
    fields: { unitId: req(id), choice: req(oneOf('for', 'against', 'abstain')) },
  },
  { name: 'close vote', path: '/blocs/:blocId/cycles/:year/votes/:voteId/close', fields: {} },
  {
    name: 'appraise nomination',
    path: '/nominations/:id/appraisal',
    fields: { outcome: req(oneOf('forwarded', 'returned')), reason: req(multiline(1000)) },
  },
  {
    name: 'resubmit nomination',
    path: '/nominations/:id/resubmission',
    fields: { documents: req(dossier), note: opt(multiline(1000)) },
  },
  {
    name: 'record council vote',
    path: '/nominations/:id/council-vote',
    fields: { councilMembers: req(count), for: req(count), against: req(count), abstain: req(count) },
  },
  {
    name: 'confer honour',
    path: '/nominations/:id/decision',
    fields: { decisionNo: req(line(100)), decidedOn: req({ t: 'date' }), signedBy: req(name()) },
  },
  {
    name: 'annul honour',
    path: '/nominations/:id/annulment',
    fields: { decisionNo: req(line(100)), reason: req(multiline(1000)) },
  },
  {
    name: 'register webhook',
    path: '/webhooks',
    fields: {
      url: req({ t: 'url' }),
      types: opt(array(oneOf('BlocRegistered', 'ScoreAwarded', 'DeadlinePassed'), 1, 100)),
      secret: req({ t: 'secret' }),
    },
    acceptsAnyWellFormed: true,
  },
  {
    name: 'issue document',
    path: '/blocs/:blocId/cycles/:year/documents',
    fields: { kind: req(oneOf('score-sheet', 'minutes-pdf', 'minutes-docx')) },
  },
];

/** Every query controller (apps/api/src/queries) but the health checks, which take no input. */
const QUERIES: readonly string[] = [
  '/blocs',
  '/blocs/:blocId',
  '/blocs/:blocId/cycles/:year',
  '/blocs/:blocId/cycles/:year/standings',
  '/blocs/:blocId/cycles/:year/ranking',
  '/blocs/:blocId/leadership',
  '/blocs/:blocId/leadership/:year',
  '/blocs/:blocId/cycles/:year/votes',
  '/audit',
  '/audit/verify',
  '/blocs/:blocId/cycles/:year/deadlines',
  '/nominations',
  '/honours',
  '/blocs/:blocId/cycles/:year/votes/:voteId',
  '/webhooks',
  '/webhooks/:id/deliveries',
  '/blocs/:blocId/cycles/:year/score-sheet.xlsx',
  '/blocs/:blocId/cycles/:year/minutes.pdf',
  '/blocs/:blocId/cycles/:year/minutes.docx',
  '/blocs/:blocId/cycles/:year/targets/template.xlsx',
  '/documents/:id',
];

// --- generators -----------------------------------------------------------------------------

/** A JSON literal written as is: numbers JSON.stringify cannot produce (-0, 1e-7, 1e400). */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text; own `__proto__` keys are written like any other. Not recursive beyond the value's depth. */
function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets a key as an own, enumerable property, even `__proto__`. */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target))
    Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Characters refused in every text (control, bidi override, invisible, lone surrogates). */
const FORBIDDEN_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000d',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
];
/** Refused in names on top of those: line breaks and the joiners and marks free text may hold. */
const FORBIDDEN_IN_NAMES = ['\n', '\t', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c'];

const anyText = fc.string({ unit: 'binary', maxLength: 24 });
const vietnamese = fc.constantFrom('Sở Y tế', 'Nguyễn Thị Thủy'.normalize('NFD'), 'Kiên Giang', 'Giám đốc');

/**
 * A string with a forbidden character somewhere in it, put between two code points (not inside
 * a surrogate pair, which would make two lone surrogates of it).
 */
const poisoned = (characters: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.oneof(anyText, vietnamese), fc.constantFrom(...characters), fc.nat()).map(([text, bad, at]) => {
    const codePoints = Array.from(text);
    const i = at % (codePoints.length + 1);
    return [...codePoints.slice(0, i), bad, ...codePoints.slice(i)].join('');
  });

/** JSON values of every type but the one named. */
function wrongType(expected: 'string' | 'number' | 'boolean' | 'object' | 'array'): fc.Arbitrary<unknown> {
  const candidates: fc.Arbitrary<unknown>[] = [fc.constant(null)];
  if (expected !== 'string') candidates.push(fc.oneof(anyText, fc.constantFrom('1', '2024', 'true', '')));
  if (expected !== 'number')
    candidates.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (expected !== 'boolean') candidates.push(fc.boolean());
  if (expected !== 'object')
    candidates.push(
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    );
  if (expected !== 'array') candidates.push(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }));
  return fc.oneof(...candidates);
}

/** Numbers no numeric field accepts: float artefacts, exponents past any range, -0, Infinity. */
const NUMERIC_ARTEFACTS = [
  '-0',
  '1e-7',
  '0.30000000000000004',
  '1e400',
  '-1e400',
  '1e300',
  '5e-324',
  '1.0000001',
];
const raw = (texts: readonly string[]): fc.Arbitrary<unknown> =>
  fc.constantFrom(...texts.map((text) => new RawJson(text)));

const typeOf = (kind: Kind): 'string' | 'number' | 'boolean' | 'object' | 'array' =>
  kind.t === 'object'
    ? 'object'
    : kind.t === 'array'
      ? 'array'
      : kind.t === 'bool'
        ? 'boolean'
        : ['points', 'count', 'year', 'measure'].includes(kind.t)
          ? 'number'
          : 'string';

/** A value the field accepts (kept small: at most three items in an array). */
function valid(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind.t) {
    case 'id':
      return fc.stringMatching(ENTITY_ID);
    case 'code':
      return fc.stringMatching(CODE);
    case 'text':
      return fc
        .oneof(vietnamese, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }))
        .filter(
          (text) =>
            /\S/.test(text) &&
            !FORBIDDEN_CHARACTERS.concat(FORBIDDEN_IN_NAMES).some((c) => text.includes(c)) &&
            // eslint-disable-next-line no-control-regex -- control characters are what is kept out
            !/[\u0000-\u001f\u007f-\u009f]/.test(text),
        )
        .filter((text) => text.normalize('NFC').length <= kind.max);
    case 'points':
      return fc.integer({ min: 0, max: 10_000_000 }).map((hundredths) => hundredths / 100);
    case 'count':
      return fc.integer({ min: 0, max: 1_000_000 });
    case 'year':
      return fc.integer({ min: 1900, max: 2999 });
    case 'measure':
      return fc.integer({ min: Math.max(kind.min, -1e9), max: 1e9 });
    case 'period':
      return fc.stringMatching(PERIOD).filter((period) => /^\d{4}/.test(period));
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2990-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'dateTime':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2990-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'bool':
      return fc.boolean();
    case 'tieBreak':
      return fc.oneof(
        fc.constant('indicatorsExceeded'),
        fc.stringMatching(CODE).map((c) => `content:${c}`),
      );
    case 'url':
      return fc.constantFrom('https://example.org/hooks/thi-dua', 'http://127.0.0.1:9/hook');
    case 'secret':
      return fc.constantFrom('s'.repeat(32), 'fuzz-secret-0123456789-abcdefghijklmnop');
    case 'enum':
      return fc.constantFrom(...kind.values);
    case 'object':
      return validObject(kind.fields);
    case 'array':
      return fc.array(valid(kind.of), {
        minLength: kind.min,
        maxLength: Math.max(kind.min, Math.min(kind.max, 3)),
      });
  }
}

function validObject(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(fields)) model[key] = valid(field.kind);
  const requiredKeys = Object.entries(fields)
    .filter(([, field]) => field.required)
    .map(([key]) => key);
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value the field refuses, whatever else the body holds. */
function invalid(kind: Kind): fc.Arbitrary<unknown> {
  const wrong = wrongType(typeOf(kind));
  switch (kind.t) {
    case 'id':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        anyText.filter((s) => !ENTITY_ID.test(s)),
        fc.constantFrom('A', '-a', 'a'.repeat(65), 'y_te', 'y te'),
      );
    case 'code':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        anyText.filter((s) => !CODE.test(s)),
        fc.constant('C'.repeat(33)),
      );
    case 'text': {
      const forbidden =
        kind.style === 'name' ? FORBIDDEN_CHARACTERS.concat(FORBIDDEN_IN_NAMES) : FORBIDDEN_CHARACTERS;
      return fc.oneof(
        wrong,
        poisoned(forbidden),
        fc.constantFrom('', '   ', '\u3000', 'x'.repeat(kind.max + 1)),
      );
    }
    case 'points':
      return fc.oneof(
        wrong,
        raw(NUMERIC_ARTEFACTS),
        fc.constantFrom(-0.01, -1, 100_000.01, 1.005, 10.125, 2 ** 53),
      );
    case 'count':
      return fc.oneof(wrong, raw(NUMERIC_ARTEFACTS), fc.constantFrom(-1, 2.5, 1_000_001, 0.1));
    case 'year':
      return fc.oneof(
        wrong,
        raw([...NUMERIC_ARTEFACTS, '2024.5']),
        fc.constantFrom(0, 1899, 3000, -2024, 20_240),
      );
    case 'measure':
      return fc.oneof(wrong, raw(NUMERIC_ARTEFACTS), fc.constantFrom(kind.min - 1, 1e12 + 1, 1.1234567));
    case 'period':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        anyText.filter((s) => !PERIOD.test(s)),
        fc.constantFrom('2024-Q5', '2024-H3', '24', '2024-q1'),
      );
    case 'date':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        fc.constantFrom('yesterday', '2024-02-30', '2024-13-01', '2024-1-1', '20240112', ''),
      );
    case 'dateTime':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        fc.constantFrom(
          '2024-01-12',
          '2024-01-12T10:00',
          '2024-02-30T10:00:00Z',
          '2024-01-12 10:00:00Z',
          'soon',
        ),
      );
    case 'bool':
      return fc.oneof(wrong, fc.constantFrom('true', 0, 1));
    case 'tieBreak':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        fc.constantFrom('content:', 'indicators', 'content: 1'),
      );
    case 'secret':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        fc.constantFrom('', 's'.repeat(31), 's'.repeat(257), `with space ${'s'.repeat(32)}`, 'ü'.repeat(40)),
      );
    case 'url':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        fc.constantFrom(
          '',
          'example.org/hook',
          '/hook',
          'ftp://example.org/hook',
          'javascript:alert(1)',
          'https://user:pw@example.org/hook',
          'http://',
          `https://example.org/${'x'.repeat(2100)}`,
        ),
      );
    case 'enum':
      return fc.oneof(
        wrong,
        poisoned(FORBIDDEN_CHARACTERS),
        anyText.filter((s) => !kind.values.includes(s)),
        fc.constant(kind.values[0]!.toUpperCase()),
      );
    case 'object':
      // [] in particular: an empty array passes ValidateNested unless the field must be an object.
      return fc.oneof(wrong, fc.constant([]), malformedObject(kind.fields));
    case 'array':
      return fc.oneof(
        wrong,
        fc.array(valid(kind.of), { minLength: kind.max + 1, maxLength: kind.max + 1 }),
        ...(kind.min > 0 ? [fc.constant([])] : []),
        fc
          .tuple(fc.array(valid(kind.of), { maxLength: 2 }), invalid(kind.of))
          .map(([items, bad]) => [...items, bad]),
      );
  }
}

/** A field name the object does not have, prototype keys included. */
const extraKey = (fields: Fields): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'colour'),
      fc.string({ maxLength: 12 }),
    )
    .filter((key) => !Object.hasOwn(fields, key));

/** A body that breaks exactly one rule, or several. */
function malformedObject(fields: Fields): fc.Arbitrary<unknown> {
  const keys = Object.keys(fields);
  const required = keys.filter((key) => fields[key]!.required);
  const mutations: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(validObject(fields), extraKey(fields), fc.jsonValue({ maxDepth: 2 }))
      .map(([body, key, value]) => withKey(body, key, value)),
  ];
  if (required.length > 0) {
    mutations.push(
      fc.tuple(validObject(fields), fc.constantFrom(...required)).map(([body, key]) => {
        const { [key]: _dropped, ...rest } = body;
        return rest;
      }),
    );
  }
  if (keys.length > 0) {
    mutations.push(
      fc
        .constantFrom(...keys)
        .chain((key) => fc.tuple(fc.constant(key), validObject(fields), invalid(fields[key]!.kind)))
        .map(([key, body, bad]) => withKey(body, key, bad)),
    );
  }
  return fc.oneof(...mutations);
}

/** Whole bodies that are no object of bounded shape at all. */
const malformedShape: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .jsonValue({ maxDepth: 2 })
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
  fc
    .integer({ min: 17, max: 30_000 })
    .map((depth) => new RawJson(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
  fc
    .integer({ min: 17, max: 30_000 })
    .map((depth) => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
  fc.integer({ min: 10_001, max: 100_000 }).map((n) => new RawJson(`{"a":[${'0,'.repeat(n - 1)}0]}`)),
  fc.constantFrom(
    new RawJson('{"__proto__":{"admin":true}}'),
    new RawJson('{"constructor":{"prototype":{"x":1}}}'),
    new RawJson('{"a":1,}'),
    new RawJson('{'),
  ),
);

const malformedBody = (command: Command): fc.Arbitrary<unknown> =>
  Object.keys(command.fields).length === 0
    ? fc.oneof(
        malformedShape,
        fc.tuple(extraKey({}), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => withKey({}, key, value)),
      )
    : fc.oneof(
        { weight: 4, arbitrary: malformedObject(command.fields) },
        { weight: 1, arbitrary: malformedShape },
      );

/** Path segments: malformed ids and years; years that pass are paired with an unknown bloc. */
const YEAR_SEGMENTS = [
  '0x7e1',
  ' 2017',
  '2017 ',
  '2.017e3',
  '2017.0',
  '02017',
  '1e3',
  '-2017',
  '+2017',
  '２０１７',
  '0000',
  '9999',
  '1899',
  'Infinity',
  'NaN',
  '2017\u0000',
  '2O17',
];
const badYearSegment = fc.oneof(
  fc.constantFrom(...YEAR_SEGMENTS),
  anyText.filter((s) => !/^\d{4}$/.test(s)),
);
const badIdSegment = fc.oneof(
  poisoned(FORBIDDEN_CHARACTERS),
  anyText.filter((s) => !ENTITY_ID.test(s) && s !== '.' && s !== '..'),
  fc.constantFrom('A', 'a'.repeat(65), 'constructor', '__proto__'),
);

/** Percent-encodes a path segment; a lone surrogate becomes the invalid UTF-8 it would be. */
function segment(text: string): string {
  return [...text]
    .map((c) => (/[\ud800-\udfff]/.test(c) && c.length === 1 ? '%ED%A0%80' : encodeURIComponent(c)))
    .join('');
}

/** A vote and a nomination that do not exist, in well-formed ids. */
const UNKNOWN_VOTE = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_NOMINATION = 'fuzz-nowhere:2024:emulation-flag:fuzz-c';

function fillPath(
  template: string,
  params: { blocId: string; year: string; unitId: string; voteId?: string; id?: string },
): string {
  return `/api${template}`
    .replace(':blocId', segment(params.blocId))
    .replace(':year', segment(params.year))
    .replace(':unitId', segment(params.unitId))
    .replace(':voteId', segment(params.voteId ?? UNKNOWN_VOTE))
    .replace(':id', segment(params.id ?? UNKNOWN_NOMINATION));
}

/** Values no query parameter accepts. */
const badQueryValue = fc.oneof(
  poisoned(FORBIDDEN_CHARACTERS),
  fc.constantFrom(
    '1e300',
    '0x10',
    '-1',
    '1.5',
    ' 1',
    '9007199254740992',
    'NaN',
    '',
    'A',
    '2024-02-30',
    'Infinity',
  ),
);

/** Header values fetch can send (ByteStrings without controls). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});

// --- the suite ------------------------------------------------------------------------------

describe('fuzzing every endpoint (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;
  let board: string;

  beforeAll(async () => {
    e2e = await startE2eApp({ config: { rateLimitPerMinute: 0 } });
    cycle = await seedCycle(e2e, 'fuzz', { phase: 'review' });
    board = cycle.board;
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /**
   * Sends the request and checks that the answer is a client error in the one JSON shape (or,
   * for a query with `allowSuccess`, any answer below 500), and that nothing was written.
   */
  async function expectRefused(
    what: string,
    request: () => Promise<ApiResponse>,
    allowSuccess = false,
  ): Promise<ApiResponse> {
    const head = await e2e.store.headPosition();
    const response = await request();
    const context = `${what} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
    expect({ context, serverError: response.status >= 500 }).toEqual({ context, serverError: false });
    if (response.status >= 400 || !allowSuccess) {
      expect({ context, clientError: response.status >= 400 && response.status < 500 }).toEqual({
        context,
        clientError: true,
      });
      expect({ context, body: response.body }).toEqual({
        context,
        body: expect.objectContaining({
          statusCode: response.status,
          code: expect.any(String),
          message: expect.any(String),
        }),
      });
    }
    expect({ context, head: await e2e.store.headPosition() }).toEqual({ context, head });
    return response;
  }

  const send = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> =>
    e2e.api(method, path, { token: board, headers, ...(body === undefined ? {} : { body: jsonText(body) }) });

  describe.each(COMMANDS.map((command) => [command.name, command] as const))('POST %s', (_, command) => {
    const known = (): string =>
      fillPath(command.path, { blocId: cycle.blocId, year: String(cycle.year), unitId: cycle.units[2]! });

    it('refuses malformed bodies with 4xx and writes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(malformedBody(command), async (body) => {
          await expectRefused(`${command.name} ${jsonText(body).slice(0, 200)}`, () =>
            send('POST', known(), body),
          );
        }),
        runs(40),
      );
    });

    // A webhook's registration names no bloc: a well-formed one is accepted and written.
    if (command.acceptsAnyWellFormed !== true) {
      it('refuses well-formed bodies for a bloc that does not exist, in the domain', async () => {
        const path =
          command.path === '/blocs'
            ? '/api/blocs'
            : fillPath(command.path, {
                blocId: 'fuzz-nowhere',
                year: String(cycle.year),
                unitId: cycle.units[2]!,
              });
        const body =
          command.path === '/blocs'
            ? validObject(command.fields).map((b) => ({ ...b, id: cycle.blocId }))
            : validObject(command.fields);
        await fc.assert(
          fc.asyncProperty(body, async (valid) => {
            await expectRefused(`${command.name} ${jsonText(valid).slice(0, 200)}`, () =>
              send('POST', path, valid),
            );
          }),
          runs(15),
        );
      });
    }

    // Only where the path has segments to break.
    if (command.path.includes(':')) {
      it('refuses malformed path segments', async () => {
        const params = fc.record({
          blocId: fc.oneof(badIdSegment, fc.constant('fuzz-nowhere')),
          year: fc.oneof(badYearSegment, fc.constant(String(cycle.year))),
          unitId: fc.oneof(badIdSegment, fc.constant('no-such-unit')),
          voteId: fc.oneof(badIdSegment, fc.constant(UNKNOWN_VOTE)),
          id: fc.oneof(badIdSegment, fc.constant(UNKNOWN_NOMINATION)),
        });
        await fc.assert(
          fc.asyncProperty(params, validObject(command.fields), async (segments, body) => {
            const path = fillPath(command.path, segments);
            await expectRefused(`${command.name} ${path}`, () => send('POST', path, body));
          }),
          runs(20),
        );
      });
    }
  });

  describe('headers', () => {
    const tokens = async (): Promise<string[]> => [
      '',
      'Bearer',
      'Bearer ',
      'Bearer not.a.token',
      'Basic dXNlcjpwYXNz',
      `bearer ${board}`,
      `Bearer ${board} extra`,
      `Bearer ${await signToken('another-secret-another-secret-0123456789', { sub: 'x', role: 'board' })}`,
      `Bearer ${await signToken(e2e.config.authSecret, { sub: 'x', role: 'admin' as 'board' })}`,
      `Bearer ${await signToken(e2e.config.authSecret, { sub: 'x', role: 'unit', unit: 'elsewhere' })}`,
      `Bearer ${await signToken(e2e.config.authSecret, { sub: 'x', role: 'auditor' })}`,
      `Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImJvYXJkIn0.`,
      `Bearer ${'a'.repeat(8000)}`,
    ];

    it('refuses any Content-Type, Idempotency-Key, Authorization and Accept-Language with 4xx JSON', async () => {
      const authorization = await tokens();
      const contentType = fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/json;;',
          'text/plain',
          'text/html',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          '*/*',
          '',
        ),
        headerText,
      );
      const headers = fc.record(
        {
          'content-type': contentType,
          'idempotency-key': fc.oneof(headerText, fc.constant('k'.repeat(256))),
          authorization: fc.constantFrom(...authorization),
          'accept-language': fc.oneof(headerText, fc.constantFrom('vi', 'vi-VN, en;q=0.5', 'en;q=x', '*')),
          'x-correlation-id': headerText,
        },
        { requiredKeys: [] },
      );
      // A well-formed award for a unit that is no member: refused in the domain if it gets that far.
      const body = { unitId: 'no-member', criterion: '1.1', points: 1 };
      await fc.assert(
        fc.asyncProperty(headers, fc.constantFrom(...COMMANDS), async (chosen, command) => {
          const path = fillPath(command.path, {
            blocId: cycle.blocId,
            year: String(cycle.year),
            unitId: 'no-member',
          });
          const { authorization: auth, ...rest } = chosen;
          const response = await expectRefused(
            `${command.name} ${JSON.stringify(chosen).slice(0, 300)}`,
            () =>
              e2e.api('POST', path, {
                headers: { ...rest, ...(auth === undefined || auth === '' ? {} : { authorization: auth }) },
                body: jsonText(command.name === 'award score' ? body : { unitId: 'no-member', junk: true }),
              }),
          );
          if (response.status < 500 && chosen['accept-language'] === 'vi') {
            expect(response.headers.get('content-language')).toBe('vi');
          }
        }),
        runs(120),
      );
    });
  });

  describe('uploads and removals', () => {
    /** The seeded cycle's members (seedCycle names them after the bloc). */
    const FUZZ_UNITS = ['fuzz-a', 'fuzz-b', 'fuzz-c'];
    /** Random bytes; some behind a ZIP's signature, so the XLSX reader gets to parse them. */
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc.uint8Array({ maxLength: 4096 }).map((tail) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...tail])),
    );
    const mediaType = fc.constantFrom(
      'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/pdf',
      'multipart/form-data',
    );

    /** POSTs the bytes as the body itself, or as the file of a multipart form. */
    async function upload(path: string, body: Uint8Array, type: string): Promise<ApiResponse> {
      const multipart = type === 'multipart/form-data';
      const form = new FormData();
      if (multipart) form.append('file', new Blob([body]), 'upload.xlsx');
      const response = await fetch(e2e.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${board}`, ...(multipart ? {} : { 'content-type': type }) },
        body: multipart ? form : body,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the check below reports it.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    }

    it('refuses random bytes as a targets import with 4xx, writing nothing', async () => {
      await fc.assert(
        fc.asyncProperty(bytes, mediaType, async (body, type) => {
          await expectRefused(`targets import ${type} ${body.length} bytes`, () =>
            upload(`${cycle.path}/targets/import`, body, type),
          );
        }),
        runs(40),
      );
    });

    /** Any value a spreadsheet cell may hold, in the types ExcelJS reads back. */
    const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
      fc.constant(null),
      fc.oneof(anyText, vietnamese, fc.constantFrom(...FUZZ_UNITS, '1.1', 'tăng', 'giảm', '6,5', '1e3')),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
      fc.constantFrom<ExcelJS.CellValue>(
        { error: '#N/A' } as ExcelJS.CellErrorValue,
        { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue,
        { formula: 'A1&B1', result: undefined } as unknown as ExcelJS.CellFormulaValue,
        { richText: [{ text: 'y-te' }, { text: '\u0000' }] },
        { text: 'liên kết', hyperlink: 'https://example.org' },
      ),
    );
    const workbook = fc
      .tuple(
        fc.boolean(),
        fc.array(fc.array(cellValue, { minLength: 1, maxLength: 9 }), { maxLength: 5 }),
        fc.integer({ min: 2, max: 1_048_576 }),
      )
      .map(async ([named, rows, far]) => {
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet(named ? TARGETS_SHEET : 'Sheet1');
        sheet.addRow(Object.values(TARGET_COLUMNS));
        for (const row of rows) sheet.addRow(row);
        // A row far down the sheet, where a reader looping over row numbers would take long.
        sheet.getRow(far).getCell(1).value = FUZZ_UNITS[0]!;
        return new Uint8Array(await book.xlsx.writeBuffer());
      });

    it('refuses targets workbooks whose cells hold anything, with 4xx, writing nothing', async () => {
      await fc.assert(
        fc.asyncProperty(workbook, mediaType, async (made, type) => {
          const body = await made;
          await expectRefused(`targets workbook ${type} ${body.length} bytes`, () =>
            upload(`${cycle.path}/targets/import`, body, type),
          );
        }),
        runs(25),
      );
    });

    it('answers a verification of random bytes without a 5xx, writing nothing', async () => {
      await fc.assert(
        fc.asyncProperty(bytes, mediaType, async (body, type) => {
          await expectRefused(
            `verify ${type} ${body.length} bytes`,
            () => upload('/api/documents/verify', body, type),
            true,
          );
        }),
        runs(30),
      );
    });

    it("refuses a webhook's removal by a malformed or unknown id", async () => {
      const webhookId = fc.oneof(
        badIdSegment,
        fc.uuid(),
        fc.constantFrom('00000000-0000-0000-0000-000000000000', UNKNOWN_VOTE.toUpperCase()),
      );
      await fc.assert(
        fc.asyncProperty(webhookId, async (webhook) => {
          await expectRefused(`DELETE webhook ${webhook}`, () =>
            send('DELETE', `/api/webhooks/${segment(webhook)}`),
          );
        }),
        runs(30),
      );
    });
  });

  describe('queries', () => {
    it('refuses malformed audit searches with 400', async () => {
      // A query string carries no lone surrogate: percent-decoding makes U+FFFD of it.
      const poison = poisoned(FORBIDDEN_CHARACTERS.filter((c) => !/[\ud800-\udfff]/.test(c)));
      const numeric = fc.constantFrom(
        '1e300',
        '0x10',
        '-1',
        '1.5',
        ' 1',
        '9007199254740992',
        'NaN',
        '',
        'Infinity',
        '1_000',
      );
      const instant = fc.oneof(
        poison,
        fc.constantFrom('yesterday', '2024-02-30', '2024-01-01T00:00:00', '2024-1-1', ''),
      );
      const badValue: Record<string, fc.Arbitrary<string>> = {
        blocId: fc.oneof(poison, fc.constantFrom('A', 'a'.repeat(65), '', '-a')),
        unitId: fc.oneof(poison, fc.constantFrom('Y_TE', 'y te')),
        year: badYearSegment.filter((year) => !/[\ud800-\udfff]/.test(year)),
        actor: fc.oneof(poison, fc.constant('x'.repeat(201))),
        type: fc.oneof(poison, fc.constantFrom('', 'NoSuchEvent', 'ScoreAwarded,', ',', 'scoreawarded')),
        from: instant,
        to: instant,
        after: numeric,
        limit: fc.oneof(numeric, fc.constantFrom('0', '1001')),
        colour: fc.string({ maxLength: 5 }),
        ['__proto__']: fc.string({ maxLength: 5 }),
        constructor: fc.string({ maxLength: 5 }),
        hasOwnProperty: fc.string({ maxLength: 5 }),
      };
      const pair = fc
        .constantFrom(...Object.getOwnPropertyNames(badValue))
        .chain((key) => badValue[key]!.map((value) => [key, value] as const));
      await fc.assert(
        fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 4 }), async (pairs) => {
          const search = pairs.map(([key, value]) => `${key}=${segment(value)}`).join('&');
          await expectRefused(`audit ?${search}`, () => send('GET', `/api/audit?${search}`));
        }),
        runs(80),
      );
    });

    it('refuses malformed asOf moments with 400', async () => {
      await fc.assert(
        fc.asyncProperty(badQueryValue, async (value) => {
          const path = `${cycle.path.replace(/^\/api/, '/api')}/standings?asOf=${segment(value)}`;
          await expectRefused(`standings ?asOf=${value}`, () => send('GET', path));
        }),
        runs(30),
      );
    });

    it('answers every query, whatever its path segments and query string, without a 5xx', async () => {
      const params = fc.record({
        blocId: fc.oneof(badIdSegment, fc.constantFrom('fuzz-nowhere', cycle.blocId)),
        year: fc.oneof(badYearSegment, fc.constantFrom(String(cycle.year), '2099')),
        unitId: fc.constant('x'),
      });
      const junk = fc.array(fc.tuple(fc.string({ maxLength: 8 }), badQueryValue), { maxLength: 3 });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...QUERIES), params, junk, async (template, segments, pairs) => {
          const search = pairs.map(([key, value]) => `${segment(key)}=${segment(value)}`).join('&');
          const path = `${fillPath(template, segments)}${search === '' ? '' : `?${search}`}`;
          await expectRefused(`GET ${path}`, () => send('GET', path), true);
        }),
        runs(120),
      );
    });
  });
});
