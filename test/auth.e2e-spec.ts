/**
 * Authentication and the role and unit rules at the HTTP edge: who may send which command.
 * Every refusal leaves the log as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { type E2eApp, E2E_AUTH_SECRET, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { refusedWithoutWrites } from './support/refusal.js';

const key = (secret: string) => new TextEncoder().encode(secret);

describe('authentication and authorisation (e2e)', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;

  beforeAll(async () => {
    e2e = await startE2eApp();
    cycle = await seedCycle(e2e, 'auth', { phase: 'review' });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  async function expectRefused(
    token: string | undefined,
    path: string,
    body: unknown,
    status: number,
    code: string,
  ) {
    const response = await refusedWithoutWrites(e2e, 'POST', path, { token, body });
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  }

  const admit = { unitId: 'newcomer', name: 'Newcomer' };
  const admitPath = () => `/api/blocs/${cycle.blocId}/members`;

  describe('401 UNAUTHENTICATED', () => {
    it('without a token, or with a malformed Authorization header', async () => {
      await expectRefused(undefined, admitPath(), admit, 401, 'UNAUTHENTICATED');
      const response = await e2e.api('POST', admitPath(), {
        body: admit,
        headers: { authorization: 'Basic Ym9hcmQ6Ym9hcmQ=' },
      });
      expect(response.status).toBe(401);
    });

    it('with a token signed with another secret', async () => {
      const forged = await new SignJWT({ role: 'board' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(key('another-secret-another-secret-another-secret'));
      await expectRefused(forged, admitPath(), admit, 401, 'UNAUTHENTICATED');
    });

    it('with an expired token', async () => {
      const expired = await new SignJWT({ role: 'board' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('board-officer')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(key(E2E_AUTH_SECRET));
      const head = await e2e.store.headPosition();
      const response = await e2e.api('POST', admitPath(), { token: expired, body: admit });
      expect(response.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'the token has expired',
      });
      expect(await e2e.store.headPosition()).toBe(head);
    });

    it('with a token whose claims are not a principal (no role; a unit role without its unit)', async () => {
      const noRole = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key(E2E_AUTH_SECRET));
      await expectRefused(noRole, admitPath(), admit, 401, 'UNAUTHENTICATED');
      const noUnit = await new SignJWT({ role: 'unit' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key(E2E_AUTH_SECRET));
      await expectRefused(noUnit, admitPath(), admit, 401, 'UNAUTHENTICATED');
    });

    it('with an unsigned token (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ sub: 'board-officer', role: 'board', exp: Math.floor(Date.now() / 1000) + 3600 }),
      ).toString('base64url');
      await expectRefused(`${header}.${payload}.`, admitPath(), admit, 401, 'UNAUTHENTICATED');
    });
  });

  describe('403 FORBIDDEN', () => {
    it('for a role the command is not for: auditors change nothing, units do not run the board', async () => {
      await expectRefused(await e2e.token('auditor', 'inspector'), admitPath(), admit, 403, 'FORBIDDEN');
      await expectRefused(cycle.unit[cycle.units[0]!], admitPath(), admit, 403, 'FORBIDDEN');
      await expectRefused(
        await e2e.token('auditor', 'inspector'),
        `${cycle.path}/scores`,
        { unitId: cycle.units[2], criterion: '1.1', points: 10 },
        403,
        'FORBIDDEN',
      );
    });

    it("for a unit acting for another unit, or doing the leader's work without leading", async () => {
      const [, , third] = cycle.units;
      await expectRefused(
        cycle.unit[third!],
        `${cycle.path}/self-assessments`,
        { unitId: cycle.units[0], scores: [{ criterion: '1.1', points: 10 }] },
        403,
        'FORBIDDEN',
      );
      await expectRefused(
        cycle.unit[third!],
        `${cycle.path}/scores`,
        { unitId: cycle.units[0], criterion: '1.1', points: 10 },
        403,
        'FORBIDDEN',
      );
    });

    it("for the leader's staff scoring their own unit, which the deputy may do", async () => {
      const [leader, deputy] = cycle.units;
      await expectRefused(
        cycle.unit[leader!],
        `${cycle.path}/scores`,
        { unitId: leader, criterion: '1.1', points: 55 },
        403,
        'FORBIDDEN',
      );
      await expectRefused(
        cycle.unit[deputy!],
        `${cycle.path}/scores`,
        { unitId: deputy, criterion: '1.1', points: 55 },
        403,
        'FORBIDDEN',
      );

      const byDeputy = await e2e.api('POST', `${cycle.path}/scores`, {
        token: cycle.unit[deputy!],
        body: { unitId: leader, criterion: '1.1', points: 55 },
      });
      expect(byDeputy.status).toBe(201);
    });
  });

  it('accepts a valid token and records its principal as the actor', async () => {
    const token = await e2e.token('unit', 'officer-17', cycle.units[0]);
    const response = await e2e.api('POST', `${cycle.path}/scores`, {
      token,
      body: { unitId: cycle.units[2], criterion: '2.1', points: 33.33 },
    });
    expect(response.status).toBe(201);
    const [event] = await e2e.store.readAll({ after: response.body.position - 1, maxCount: 1 });
    expect(event?.metadata.actor).toEqual({
      sub: 'officer-17',
      role: 'unit',
      unit: cycle.units[0],
      name: `unit officer-17`,
    });
  });
});
