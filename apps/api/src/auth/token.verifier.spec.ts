import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { AppConfig } from '@app/runtime';
import type { Clock } from './clock.js';
import { TokenVerifier } from './token.verifier.js';
import { signToken } from './token.signer.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const ISSUER = 'https://login.kiengiang.example/';
const AUDIENCE = 'emulation-blocs';
/** 2026-12-04T09:00:00Z, in seconds: every token below is issued and checked around it. */
const NOW = 1_796_374_800;

const config = (overrides: Partial<AppConfig>): AppConfig => ({
  port: 0,
  dataDir: '/nonexistent',
  eventStore: 'sqlite',
  authSecret: SECRET,
  projections: 'on',
  production: false,
  ...overrides,
});

/** A clock the spec moves by hand; starts at NOW. */
function handClock(): Clock & { advance(seconds: number): void } {
  let now = NOW * 1000;
  return Object.assign(() => now, {
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  });
}

/** Our own HS256 token with exactly these registered claims (jose's signer always adds `iat` at real time). */
const ownToken = (claims: Record<string, unknown>, times: { iat?: number; exp?: number }) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('officer-7');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
};

describe('TokenVerifier', () => {
  let jwks: Server;
  let jwksUrl: string;
  let issuerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const external = () => config({ authSecret: '', jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE });

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    issuerKey = privateKey;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => jwks.close(resolve));
  });

  const issued = (
    claims: Record<string, unknown>,
    { issuer = ISSUER, audience = AUDIENCE }: { issuer?: string; audience?: string | null } = {},
  ) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('nguyen.van.a')
      .setIssuer(issuer)
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 600);
    if (audience !== null) jwt.setAudience(audience);
    return jwt.sign(issuerKey);
  };

  it('accepts its own HS256 tokens and reads the principal from their claims', async () => {
    const verifier = new TokenVerifier(config({}), Date.now);
    const token = await signToken(SECRET, {
      sub: 'officer-7',
      role: 'unit',
      unit: 'lao-dong',
      name: 'Trần Thị B',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'officer-7',
      role: 'unit',
      unit: 'lao-dong',
      name: 'Trần Thị B',
    });
  });

  it("accepts an external issuer's RS256 tokens through its JWKS, checking the issuer and the audience", async () => {
    const verifier = new TokenVerifier(external(), handClock());
    await expect(verifier.verify(await issued({ role: 'auditor', name: 'Thanh tra tỉnh' }))).resolves.toEqual(
      {
        sub: 'nguyen.van.a',
        role: 'auditor',
        name: 'Thanh tra tỉnh',
      },
    );
    for (const token of [
      await issued({ role: 'auditor' }, { issuer: 'https://elsewhere.example/' }),
      await issued({ role: 'auditor' }, { audience: 'another-application' }),
      await issued({ role: 'auditor' }, { audience: null }),
    ]) {
      await expect(verifier.verify(token)).rejects.toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('refuses HS256 tokens when only an external issuer is trusted', async () => {
    const verifier = new TokenVerifier(external(), Date.now);
    const token = await signToken(SECRET, { sub: 'officer-7', role: 'board' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ statusCode: 401 });
  });

  it("refuses an issuer's token when no JWKS is configured", async () => {
    const verifier = new TokenVerifier(config({}), handClock());
    await expect(verifier.verify(await issued({ role: 'board' }))).rejects.toMatchObject({ statusCode: 401 });
  });

  it('refuses a token without an expiry, which would never expire', async () => {
    const verifier = new TokenVerifier(config({}), handClock());
    await expect(verifier.verify(await ownToken({ role: 'board' }, { iat: NOW }))).rejects.toMatchObject({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'the token has no expiry (exp)',
    });
  });

  it('refuses a token issued more than 60 s ahead of its clock', async () => {
    const verifier = new TokenVerifier(config({}), handClock());
    const ahead = (seconds: number) => ownToken({ role: 'board' }, { iat: NOW + seconds, exp: NOW + 3600 });
    await expect(verifier.verify(await ahead(60))).resolves.toMatchObject({ sub: 'officer-7' });
    await expect(verifier.verify(await ahead(61))).rejects.toMatchObject({
      statusCode: 401,
      message: 'the token is issued in the future',
    });
  });

  it('stops trusting a remembered token once its clock passes the expiry', async () => {
    const clock = handClock();
    const verifier = new TokenVerifier(config({}), clock);
    const token = await ownToken({ role: 'board' }, { iat: NOW, exp: NOW + 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-7' });
    clock.advance(59);
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-7' });
    clock.advance(1);
    await expect(verifier.verify(token)).rejects.toMatchObject({
      statusCode: 401,
      message: 'the token has expired',
    });
  });

  it('reads the province of a board or auditor, NFC-normalised, and no province for a unit', async () => {
    const verifier = new TokenVerifier(config({}), handClock());
    const times = { iat: NOW, exp: NOW + 600 };
    const decomposed = 'Kiên Giang'.normalize('NFD');
    await expect(
      verifier.verify(await ownToken({ role: 'board', province: decomposed }, times)),
    ).resolves.toEqual({
      sub: 'officer-7',
      role: 'board',
      province: 'Kiên Giang'.normalize('NFC'),
    });
    await expect(
      verifier.verify(await ownToken({ role: 'unit', unit: 'y-te', province: 'Kiên Giang' }, times)),
    ).resolves.toEqual({ sub: 'officer-7', role: 'unit', unit: 'y-te' });
    for (const province of ['', 7, 'x'.repeat(101)]) {
      await expect(
        verifier.verify(await ownToken({ role: 'auditor', province }, times)),
      ).rejects.toMatchObject({
        statusCode: 401,
        message: 'the token has an invalid province',
      });
    }
  });
});
