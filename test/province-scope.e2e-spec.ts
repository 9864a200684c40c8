/**
 * A board or auditor token with a `province` claim is held to that province's blocs: every
 * command and query on another province's bloc is 403, it registers blocs of its province
 * only, and its audit searches show its province's events only. Names are compared in NFC:
 * a token or a bloc spelled in NFD is the same province.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import type { AuditPage } from '@app/projections';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import {
  type ApiResponse,
  type E2eApp,
  E2E_AUTH_SECRET,
  SMALL_FRAMEWORK,
  startE2eApp,
} from './support/e2e-app.js';

const KIEN_GIANG = 'Kiên Giang'.normalize('NFC');
const AN_GIANG = 'An Giang';
const YEAR = 2024;

describe('province scope (e2e)', () => {
  let e2e: E2eApp;
  let nationalBoard: string;
  let nationalAuditor: string;
  /** Scoped to Kiên Giang, its claim spelled in NFD. */
  let kienGiangBoard: string;
  let kienGiangAuditor: string;

  const token = (role: 'board' | 'auditor', sub: string, province?: string) =>
    signToken(E2E_AUTH_SECRET, { sub, role, ...(province !== undefined ? { province } : {}) });

  const registerWithCycle = async (blocId: string, province: string): Promise<void> => {
    const members = ['a', 'b'].map((suffix) => ({ unitId: `${blocId}-${suffix}`, name: `Unit ${suffix}` }));
    const registered = await e2e.api('POST', '/api/blocs', {
      token: nationalBoard,
      body: { id: blocId, name: `Bloc ${blocId}`, province, members },
    });
    const opened = await e2e.api('POST', `/api/blocs/${blocId}/cycles`, {
      token: nationalBoard,
      body: {
        year: YEAR,
        framework: SMALL_FRAMEWORK,
        leader: members[0]!.unitId,
        deputy: members[1]!.unitId,
      },
    });
    expect([registered.status, opened.status]).toEqual([201, 201]);
  };

  beforeAll(async () => {
    e2e = await startE2eApp();
    nationalBoard = await token('board', 'ban-tdkt-tw');
    nationalAuditor = await token('auditor', 'thanh-tra-tw');
    kienGiangBoard = await token('board', 'ban-tdkt-kg', KIEN_GIANG.normalize('NFD'));
    kienGiangAuditor = await token('auditor', 'thanh-tra-kg', KIEN_GIANG);
    await registerWithCycle('kg-1', KIEN_GIANG);
    await registerWithCycle('ag-1', AN_GIANG);
    // Registered in NFD: still Kiên Giang's.
    await registerWithCycle('kg-2', KIEN_GIANG.normalize('NFD'));
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const queries = (blocId: string) => [
    `/api/blocs/${blocId}`,
    `/api/blocs/${blocId}/cycles/${YEAR}`,
    `/api/blocs/${blocId}/cycles/${YEAR}/standings`,
    `/api/blocs/${blocId}/cycles/${YEAR}/ranking`,
    `/api/blocs/${blocId}/leadership`,
    `/api/blocs/${blocId}/leadership/${YEAR}`,
  ];

  it("refuses a scoped board and auditor every query on another province's bloc (403)", async () => {
    for (const reader of [kienGiangBoard, kienGiangAuditor]) {
      for (const path of queries('ag-1')) {
        const answer = await e2e.api('GET', path, { token: reader });
        expect({ path, status: answer.status, code: answer.body.code }).toEqual({
          path,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
    }
  });

  it("lists a scoped board's and auditor's own province's blocs only, and every bloc to a national one", async () => {
    const listed = async (reader: string) =>
      ((await e2e.api('GET', '/api/blocs', { token: reader })).body as { id: string }[]).map((b) => b.id).sort();
    expect(await listed(kienGiangBoard)).toEqual(['kg-1', 'kg-2']);
    expect(await listed(kienGiangAuditor)).toEqual(['kg-1', 'kg-2']);
    expect(await listed(nationalAuditor)).toEqual(expect.arrayContaining(['ag-1', 'kg-1', 'kg-2']));
  });

  it('answers them on their own province, whichever normal form either side is spelled in', async () => {
    for (const reader of [kienGiangBoard, kienGiangAuditor]) {
      for (const blocId of ['kg-1', 'kg-2']) {
        const bloc = await e2e.api('GET', `/api/blocs/${blocId}`, { token: reader });
        expect([blocId, bloc.status]).toEqual([blocId, 200]);
        const cycle = await e2e.api('GET', `/api/blocs/${blocId}/cycles/${YEAR}`, { token: reader });
        expect([blocId, cycle.status]).toEqual([blocId, 200]);
      }
    }
  });

  it("refuses a scoped board's commands on another province's bloc, and writes nothing", async () => {
    const head = await e2e.store.headPosition();
    const commands: [string, unknown][] = [
      ['/api/blocs/ag-1/members', { unitId: 'ag-1-c', name: 'Unit c' }],
      ['/api/blocs/ag-1/members/ag-1-b/withdraw', { reason: 'merged' }],
      [
        '/api/blocs/ag-1/cycles',
        { year: YEAR + 1, framework: SMALL_FRAMEWORK, leader: 'ag-1-a', deputy: 'ag-1-b' },
      ],
      [`/api/blocs/ag-1/cycles/${YEAR}/review`, { meetingDate: `${YEAR + 1}-01-12` }],
      [`/api/blocs/ag-1/cycles/${YEAR}/close`, {}],
    ];
    for (const [path, body] of commands) {
      const answer = await e2e.api('POST', path, { token: kienGiangBoard, body });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect(await e2e.store.headPosition()).toBe(head);

    const own = await e2e.api('POST', '/api/blocs/kg-1/members', {
      token: kienGiangBoard,
      body: { unitId: 'kg-1-c', name: 'Unit c' },
    });
    expect(own.status).toBe(201);
  });

  it('lets a scoped board register blocs of its own province only', async () => {
    const register = (id: string, province?: string) =>
      e2e.api('POST', '/api/blocs', {
        token: kienGiangBoard,
        body: {
          id,
          name: `Bloc ${id}`,
          ...(province !== undefined ? { province } : {}),
          members: [{ unitId: `${id}-a`, name: 'A' }],
        },
      });
    const elsewhere = await register('ag-2', AN_GIANG);
    const nowhere = await register('xx-1');
    expect([elsewhere.status, elsewhere.body.code, nowhere.status]).toEqual([403, 'FORBIDDEN', 403]);
    expect((await register('kg-3', KIEN_GIANG.normalize('NFD'))).status).toBe(201);
  });

  it("shows a scoped auditor its province's events only, page by page, and refuses another province's bloc", async () => {
    const everything = await e2e.api('GET', '/api/audit?limit=1000', { token: nationalAuditor });
    const ownStreams = /^(bloc|cycle)-kg-/;
    const expected = (everything.body.items as RecordedEvent[]).filter((event) =>
      ownStreams.test(event.streamId),
    );
    expect(expected.length).toBeGreaterThan(4);
    expect(everything.body.items.length).toBeGreaterThan(expected.length);

    const seen: RecordedEvent[] = [];
    for (let after: number | null = 0; after !== null;) {
      const page: ApiResponse<AuditPage> = await e2e.api('GET', `/api/audit?limit=2&after=${after}`, {
        token: kienGiangAuditor,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      after = page.body.next;
    }
    expect(seen.map((event) => event.position)).toEqual(expected.map((event) => event.position));

    const filtered = await e2e.api('GET', '/api/audit?type=CycleOpened', { token: kienGiangBoard });
    expect(filtered.body.items.map((event: RecordedEvent) => event.streamId).sort()).toEqual([
      `cycle-kg-1:${YEAR}`,
      `cycle-kg-2:${YEAR}`,
    ]);
    const ownBloc = await e2e.api('GET', '/api/audit?blocId=kg-2', { token: kienGiangAuditor });
    expect(ownBloc.body.items.length).toBeGreaterThan(0);
    const otherBloc = await e2e.api('GET', '/api/audit?blocId=ag-1', { token: kienGiangAuditor });
    expect([otherBloc.status, otherBloc.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
