/**
 * Issue 11, findings 4 and 7 (the domain's part), through HTTP: no unit's staff decide their
 * own unit's case (targets, honour, elections: 403), a signed unit's targets are frozen (409
 * ALREADY_SIGNED), a target is positive, and reports, frameworks and blocs have limits (422).
 * Every refusal writes nothing: the log's head does not move.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiResponse, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { refusedWithoutWrites } from './support/refusal.js';

describe('conflict of interest and limits (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;
  let leader: string;
  let deputy: string;
  let member: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    cycle = await seedCycle(e2e, 'coi');
    [leader, deputy, member] = cycle.units;
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const post = (path: string, token: string, body: unknown): Promise<ApiResponse> =>
    e2e.api('POST', `${cycle.path}${path}`, { token, body });

  /** Sends the command, asserting it is refused with `status` and `code` and writes nothing. */
  async function refused(
    path: string,
    token: string,
    body: unknown,
    status: number,
    code: string,
  ): Promise<void> {
    const response = await refusedWithoutWrites(e2e, 'POST', `${cycle.path}${path}`, { token, body });
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  }

  async function accepted(path: string, token: string, body: unknown): Promise<void> {
    const response = await post(path, token, body);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
  }

  const target = (unitId: string, value = 90) => ({
    unitId,
    code: 'T2',
    title: 'Second target',
    criterion: '1.1',
    measure: '%',
    direction: 'increase',
    target: value,
  });

  it("refuses the leader's and the deputy's staff their own unit's targets; the other sets them", async () => {
    await refused('/targets', cycle.unit[leader], target(leader), 403, 'FORBIDDEN');
    await refused('/targets', cycle.unit[deputy], target(deputy), 403, 'FORBIDDEN');
    await accepted('/targets', cycle.unit[deputy], target(leader));
    await accepted('/targets', cycle.unit[leader], target(deputy));
  });

  it('refuses a target of 0 or less: any report would "exceed" it', async () => {
    await refused('/targets', cycle.board, target(member, 0), 422, 'INVALID_TARGET');
  });

  it("freezes a unit's targets once it has signed, even to the board", async () => {
    await accepted('/signatures', cycle.unit[member], { unitId: member, signatory: { title: 'Giám đốc' } });
    await refused('/targets', cycle.unit[leader], target(member, 1), 409, 'ALREADY_SIGNED');
    await refused('/targets', cycle.board, { ...target(member), code: 'T9' }, 409, 'ALREADY_SIGNED');
    await refused(
      '/signatures',
      cycle.unit[member],
      { unitId: member, signatory: { title: 'Giám đốc' } },
      409,
      'ALREADY_SIGNED',
    );
    // Units that have not signed yet still get theirs.
    await accepted('/targets', cycle.unit[deputy], { ...target(leader), code: 'T3' });
  });

  it('takes a bounded number of reports per indicator and period', async () => {
    for (const unitId of [leader, deputy]) {
      await accepted('/signatures', cycle.unit[unitId], { unitId, signatory: { title: 'Giám đốc' } });
    }
    const report = (value: number) => ({
      unitId: member,
      indicator: 'T1',
      period: String(cycle.year),
      value,
    });
    for (let value = 1; value <= 20; value++) await accepted('/reports', cycle.unit[member], report(value));
    await refused('/reports', cycle.unit[member], report(21), 422, 'TOO_MANY_REPORTS');
    await accepted('/reports', cycle.unit[member], { ...report(21), period: `${cycle.year}-H2` });
  });

  it("refuses the leader's staff to honour their own unit; the deputy or the board does it", async () => {
    await accepted('/review', cycle.unit[leader], { meetingDate: `${cycle.year + 1}-01-12` });
    const points: Record<string, [number, number]> = {
      [leader]: [60, 40],
      [deputy]: [50, 30],
      [member]: [40, 20],
    };
    for (const unitId of cycle.units) {
      const scorer = unitId === leader ? cycle.unit[deputy] : cycle.unit[leader];
      await accepted('/scores', scorer, { unitId, criterion: '1.1', points: points[unitId][0] });
      await accepted('/scores', scorer, { unitId, criterion: '2.1', points: points[unitId][1] });
    }
    await accepted('/scoring/finalize', cycle.unit[leader], {});
    await refused('/leading-unit', cycle.unit[leader], { unitId: leader }, 403, 'FORBIDDEN');
    await accepted('/leading-unit', cycle.unit[deputy], { unitId: leader });
  });

  it("refuses a unit's staff to record their own unit's election, leader or deputy", async () => {
    const votes = { for: 3, against: 0, abstain: 0 };
    await refused(
      '/elections',
      cycle.unit[deputy],
      { role: 'leader', unitId: deputy, votes },
      403,
      'FORBIDDEN',
    );
    await refused(
      '/elections',
      cycle.unit[leader],
      { role: 'deputy', unitId: leader, votes },
      403,
      'FORBIDDEN',
    );
    await accepted('/elections', cycle.unit[leader], { role: 'leader', unitId: deputy, votes });
    await accepted('/elections', cycle.unit[deputy], { role: 'deputy', unitId: leader, votes });
    const leadership = await e2e.api('GET', `/api/blocs/${cycle.blocId}/leadership/${cycle.year + 1}`, {
      token: cycle.board,
    });
    expect(leadership.body).toMatchObject({ status: 'elected', leader: deputy, deputy: leader });
  });

  it('refuses frameworks over 20 contents or 200 criteria, and blocs over 100 members', async () => {
    const expectRefused = async (path: string, body: unknown): Promise<void> => {
      const head = await e2e.store.headPosition();
      const response = await e2e.api('POST', path, { token: cycle.board, body });
      // The edge may refuse first (400); the domain refuses whatever reaches it (422).
      expect([400, 422]).toContain(response.status);
      expect(await e2e.store.headPosition()).toBe(head);
    };
    const created = async (path: string, body: unknown): Promise<void> => {
      const response = await e2e.api('POST', path, { token: cycle.board, body });
      expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
    };
    const members = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ unitId: `m-${i}`, name: `Unit ${i}` }));
    await expectRefused('/api/blocs', { id: 'too-big', name: 'Too big', members: members(101) });
    await created('/api/blocs', { id: 'large', name: 'Large', members: members(100) });
    const contents = (count: number, each: number) =>
      Array.from({ length: count }, (_, c) => ({
        code: `${c + 1}`,
        title: `Content ${c + 1}`,
        criteria: Array.from({ length: each }, (_, i) => ({
          code: `${c + 1}.${i + 1}`,
          title: 'x',
          maxPoints: 1,
        })),
      }));
    const open = (framework: unknown) => ({ year: 2030, framework, leader: 'm-0', deputy: 'm-1' });
    await expectRefused('/api/blocs/large/cycles', open({ contents: contents(21, 1) }));
    await expectRefused('/api/blocs/large/cycles', open({ contents: contents(2, 101) }));
    await created('/api/blocs/large/cycles', open({ contents: contents(20, 10) }));
  });
});
