/**
 * API.md's input rules, one regression per input that used to get a 500 or slip through
 * (issue 11, finding 6). Every refusal is checked to have written nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type ApiResponse,
  type E2eApp,
  type RequestOptions,
  seedCycle,
  type SmallCycle,
  startE2eApp,
} from './support/e2e-app.js';
import { refusedWithoutWrites } from './support/refusal.js';

/** "Nguyễn Thị Thủy" as typed on a keyboard that composes (NFC) and one that does not (NFD). */
const NAME_NFC = 'Nguyễn Thị Thủy'.normalize('NFC');
const NAME_NFD = NAME_NFC.normalize('NFD');

describe('input rules (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;

  beforeAll(async () => {
    e2e = await startE2eApp();
    cycle = await seedCycle(e2e, 'rules', { phase: 'review' });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const refused = (method: string, path: string, options: RequestOptions): Promise<ApiResponse> =>
    refusedWithoutWrites(e2e, method, path, options);

  const score = (points: string): RequestOptions => ({
    token: cycle.board,
    body: `{"unitId":"${cycle.units[2]}","criterion":"1.1","points":${points}}`,
  });

  describe('points have at most two decimals, never a float artefact', () => {
    it.each(['1e-7', '0.30000000000000004', '-0', '1e300', '10.125', '100000.01', '-5'])(
      'refuses %s',
      async (points) => {
        const response = await refused('POST', `${cycle.path}/scores`, score(points));
        expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(Object.keys(response.body.details)).toEqual(['points']);
      },
    );

    it('refuses 1e-7 in a self-assessment too', async () => {
      const response = await refused('POST', `${cycle.path}/self-assessments`, {
        token: cycle.board,
        body: `{"unitId":"${cycle.units[0]}","scores":[{"criterion":"1.1","points":1e-7}]}`,
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['scores.0.points']]);
    });

    it('accepts two decimals written with a trailing zero', async () => {
      const response = await e2e.api('POST', `${cycle.path}/scores`, score('12.50'));
      expect(response.status).toBe(201);
    });
  });

  describe('bodies are JSON objects of bounded depth and size', () => {
    const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
    const deepObject = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);

    it.each([
      ['an array nested 20,000 deep', `{"unitId":${deepArray}}`],
      ['an object nested 20,000 deep', `{"unitId":${deepObject}}`],
      ['a top-level array', '[]'],
      ['null', 'null'],
      ['a number', '5'],
      ['200,000 values', `{"unitId":[${'0,'.repeat(199_999)}0]}`],
      ['a constructor key', `{"unitId":"x","criterion":"1.1","points":1,"constructor":{}}`],
      ['a prototype key deep down', `{"unitId":{"a":{"prototype":1}}}`],
      // Found by the fuzz suite: class-validator took Object.prototype's members for declared fields.
      ['a hasOwnProperty key', `{"unitId":"x","criterion":"1.1","points":1,"hasOwnProperty":{}}`],
      ['a toString key', `{"unitId":"x","criterion":"1.1","points":1,"toString":"x"}`],
    ])('refuses %s with 400 before anything recurses into it', async (_, body) => {
      const response = await refused('POST', `${cycle.path}/scores`, { token: cycle.board, body });
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(Object.keys(response.body.details)).toEqual(['body']);
    });

    it('refuses a bloc with an extra hasOwnProperty field, which used to be registered (201)', async () => {
      const response = await refused('POST', '/api/blocs', {
        token: cycle.board,
        body: `{"id":"own-property","name":"B","members":[{"unitId":"a","name":"A"}],"hasOwnProperty":{}}`,
      });
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('refuses a query parameter named after an Object.prototype member', async () => {
      const response = await refused('GET', '/api/audit?toString=1', { token: cycle.board });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['query']]);
    });

    // Found by the fuzz suite: ValidateNested lets an array through where an object belongs.
    it('refuses an array where an object belongs, which used to answer 500 or register a member []', async () => {
      const framework = await refused('POST', `/api/blocs/${cycle.blocId}/cycles`, {
        token: cycle.board,
        body: { year: 2030, framework: [] },
      });
      expect([framework.status, Object.keys(framework.body.details)]).toEqual([400, ['framework']]);

      const member = await refused('POST', '/api/blocs', {
        token: cycle.board,
        body: { id: 'array-member', name: 'B', members: [{ unitId: 'a', name: 'A' }, []] },
      });
      expect([member.status, Object.keys(member.body.details)]).toEqual([400, ['members']]);

      const signatory = await refused('POST', `${cycle.path}/signatures`, {
        token: cycle.board,
        body: { unitId: cycle.units[0], signatory: [] },
      });
      expect([signatory.status, Object.keys(signatory.body.details)]).toEqual([400, ['signatory']]);
    });

    it('refuses a deep body with an Idempotency-Key (whose hash would recurse into it)', async () => {
      const response = await refused('POST', `${cycle.path}/scores`, {
        token: cycle.board,
        headers: { 'idempotency-key': 'deep-1' },
        body: `{"unitId":${deepObject}}`,
      });
      expect(response.status).toBe(400);
    });

    it('refuses a text/plain body with 415', async () => {
      const response = await refused('POST', `${cycle.path}/close`, {
        token: cycle.board,
        headers: { 'content-type': 'text/plain' },
        body: '{}',
      });
      expect([response.status, response.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it.each([undefined, 'form-1'])(
      'refuses a form-urlencoded body with 415 (Idempotency-Key: %s): commands are JSON',
      async (key) => {
        const response = await refused('POST', `${cycle.path}/close`, {
          token: cycle.board,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(key === undefined ? {} : { 'idempotency-key': key }),
          },
          body: 'reason=closed+by+a+form',
        });
        expect([response.status, response.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      },
    );

    it('refuses null for an optional field', async () => {
      const response = await refused('POST', `${cycle.path}/scores`, score('5,"reason":null'));
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['reason']]);
    });
  });

  describe('a year in a path is exactly four digits; in a body a whole number', () => {
    it.each(['0x7e1', '%202.017e3', '2017.0', '02017', '1e3', '%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%97'])(
      'refuses /cycles/%s',
      async (year) => {
        const response = await refused('GET', `/api/blocs/${cycle.blocId}/cycles/${year}`, {
          token: cycle.board,
        });
        expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['year']]);
      },
    );

    it.each(['"2025"', '2025.5', '1e300', '-0'])('refuses year %s in a body', async (year) => {
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/cycles`, {
        token: cycle.board,
        body: `{"year":${year},"framework":{"contents":[{"code":"1","title":"T","criteria":[{"code":"1.1","title":"C","maxPoints":10}]}]}}`,
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['year']]);
    });
  });

  describe('a date is a calendar date written YYYY-MM-DD', () => {
    const malformed = [
      '20240112',
      '2024-W02-5',
      '2024-012',
      '2024-01-12T10:00:00Z',
      '2024-02-30',
      '2024-1-12',
    ];

    it.each(malformed)('refuses adoptedOn %s', async (adoptedOn) => {
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/regulations`, {
        token: cycle.board,
        body: { year: cycle.year, title: 'Quy chế', adoptedOn, policy: {} },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['adoptedOn']]);
    });

    it.each(malformed)('refuses the review meeting on %s', async (meetingDate) => {
      const response = await refused('POST', `${cycle.path}/review`, {
        token: cycle.board,
        body: { meetingDate },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['meetingDate']]);
    });
  });

  describe('numeric query parameters are integers in range', () => {
    it.each([
      'after=1e300',
      'after=9007199254740992',
      'after=-1',
      'after=0x10',
      'limit=1.5',
      'limit=0',
      'limit=1001',
    ])('refuses ?%s', async (query) => {
      const response = await refused('GET', `/api/audit?${query}`, { token: cycle.board });
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('accepts after up to Number.MAX_SAFE_INTEGER', async () => {
      const response = await e2e.api('GET', '/api/audit?after=9007199254740991&limit=1000', {
        token: cycle.board,
      });
      expect(response.status).toBe(200);
    });
  });

  describe('text', () => {
    const admit = (name: string): RequestOptions => ({
      token: cycle.board,
      body: { unitId: `u-${randomBytes(4).toString('hex')}`, name },
    });

    it.each([
      ['NUL', 'Sở\u0000Y tế'],
      ['a C1 control', 'Sở\u0085Y tế'],
      ['U+202E (right-to-left override)', 'Sở \u202eết Y'],
      ['U+2066 (an isolate)', 'Sở \u2066Y tế'],
      ['a zero-width space', 'Sở Y\u200b tế'],
      ['a byte-order mark', '\ufeffSở Y tế'],
      ['a right-to-left mark', 'Sở Y tế\u200f'],
      ['a newline', 'Sở Y tế\nSở Tư pháp'],
      ['a lone surrogate', 'Sở \ud800Y tế'],
    ])('refuses %s in a name', async (_, name) => {
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/members`, admit(name));
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['name']]);
    });

    it.each([
      ['NUL', 'Bổ sung\u0000'],
      ['U+202E', 'Bổ sung \u202eminh chứng'],
      ['a zero-width space', 'Bổ\u200b sung'],
      ['a carriage return', 'Bổ sung\r\nminh chứng'],
    ])('refuses %s in a reason', async (_, reason) => {
      const response = await refused('POST', `${cycle.path}/scores`, {
        token: cycle.board,
        body: { unitId: cycle.units[1], criterion: '2.1', points: 1, reason },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['reason']]);
    });

    it('allows tab and newline in a reason', async () => {
      const response = await e2e.api('POST', `${cycle.path}/scores`, {
        token: cycle.board,
        body: { unitId: cycle.units[1], criterion: '2.1', points: 1, reason: 'Bổ sung:\n\t- minh chứng' },
      });
      expect(response.status).toBe(201);
    });

    it('stores a name typed in NFD as NFC: the two spellings are one name', async () => {
      const unitId = `nfd-${randomBytes(4).toString('hex')}`;
      const response = await e2e.api('POST', `/api/blocs/${cycle.blocId}/members`, {
        token: cycle.board,
        body: { unitId, name: NAME_NFD },
      });
      expect(response.status).toBe(201);
      const [event] = await e2e.store.readAll({ after: response.body.position - 1, maxCount: 1 });
      expect(event!.data).toMatchObject({ unitId, name: NAME_NFC });
      expect((event!.data as { name: string }).name).not.toBe(NAME_NFD);
    });

    it('registers a bloc whose names arrive in NFD with every name in NFC', async () => {
      const blocId = `nfd-bloc-${randomBytes(3).toString('hex')}`;
      const response = await e2e.api('POST', '/api/blocs', {
        token: cycle.board,
        body: {
          id: blocId,
          name: `Khối ${NAME_NFD}`,
          province: 'Kiên Giang'.normalize('NFD'),
          members: [{ unitId: 'y-te', name: NAME_NFD }],
        },
      });
      expect(response.status).toBe(201);
      const [event] = await e2e.store.readAll({ after: response.body.position - 1, maxCount: 1 });
      expect(event!.data).toMatchObject({
        name: `Khối ${NAME_NFC}`,
        province: 'Kiên Giang'.normalize('NFC'),
        members: [{ unitId: 'y-te', name: NAME_NFC }],
      });
    });
  });

  describe('Accept-Language: vi', () => {
    it('answers the message in Vietnamese, the code and details unchanged, the English text as detail', async () => {
      const response = await refused('POST', `${cycle.path}/scores`, {
        ...score('1e-7'),
        headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' },
      });
      expect(response.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Yêu cầu không hợp lệ: dữ liệu gửi lên sai hoặc thiếu',
        detail: 'the request is not valid',
        details: { points: [expect.any(String)] },
      });
      expect(response.headers.get('content-language')).toBe('vi');

      const missing = await refused('GET', '/api/blocs/no-such-bloc/cycles/2024', {
        token: cycle.board,
        headers: { 'accept-language': 'vi' },
      });
      expect([missing.status, missing.body.code, missing.body.message]).toEqual([
        404,
        'NOT_FOUND',
        'Không tìm thấy đối tượng được yêu cầu',
      ]);
    });

    it('stays in English without it', async () => {
      const response = await refused('POST', `${cycle.path}/scores`, score('1e-7'));
      expect(response.body.message).toBe('the request is not valid');
      expect(response.body.detail).toBeUndefined();
    });
  });

  describe('sizes', () => {
    const criterion = (code: string): object => ({ code, title: 'C', maxPoints: 1 });

    it('refuses a framework of 21 contents', async () => {
      const contents = Array.from({ length: 21 }, (_, i) => ({
        code: `${i}`,
        title: 'T',
        criteria: [criterion(`${i}.1`)],
      }));
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/cycles`, {
        token: cycle.board,
        body: { year: 2030, framework: { contents } },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['framework.contents']]);
    });

    it('refuses a framework of 201 criteria in all', async () => {
      const contents = [0, 1].map((c) => ({
        code: `${c}`,
        title: 'T',
        criteria: Array.from({ length: c === 0 ? 101 : 100 }, (_, i) => criterion(`${c}.${i}`)),
      }));
      const response = await refused('POST', `/api/blocs/${cycle.blocId}/cycles`, {
        token: cycle.board,
        body: { year: 2030, framework: { contents } },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['framework.contents']]);
    });

    it('refuses a bloc of 101 members', async () => {
      const members = Array.from({ length: 101 }, (_, i) => ({ unitId: `m-${i}`, name: `Unit ${i}` }));
      const response = await refused('POST', '/api/blocs', {
        token: cycle.board,
        body: { id: 'too-many', name: 'Too many', members },
      });
      expect([response.status, Object.keys(response.body.details)]).toEqual([400, ['members']]);
    });
  });
});

/** The same query on PostgreSQL, where `after` meets a bigint column (it answered 500). */
describe('numeric query parameters on PostgreSQL (e2e)', () => {
  const server = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const database = `edge_e2e_${randomBytes(5).toString('hex')}`;
  let e2e: E2eApp | undefined;

  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(server);
    url.pathname = `/${database}`;
    // Without projections: the refusal happens before any read model, and the empty log is caught up.
    e2e = await startE2eApp({
      config: { eventStore: 'postgres', databaseUrl: url.toString(), projections: 'off' },
    });
  });

  afterAll(async () => {
    await e2e?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('refuses after=1e300 with 400 and answers the largest allowed cursor', async () => {
    const board = await e2e!.token('board', 'board-officer');
    const huge = await e2e!.api('GET', '/api/audit?after=1e300', { token: board });
    expect([huge.status, huge.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const largest = await e2e!.api('GET', '/api/audit?after=9007199254740991', { token: board });
    expect([largest.status, largest.body]).toEqual([200, { items: [], next: null }]);
  });
});
