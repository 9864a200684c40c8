import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { AppConfig } from '../config/app.config.js';
import { TokenVerifier } from './token.verifier.js';
import { signToken } from './token.signer.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const ISSUER = 'https://login.kiengiang.example/';

const config = (overrides: Partial<AppConfig>): AppConfig => ({
  port: 0,
  dataDir: '/nonexistent',
  eventStore: 'sqlite',
  authSecret: SECRET,
  projections: 'on',
  production: false,
  ...overrides,
});

describe('TokenVerifier', () => {
  let jwks: Server;
  let jwksUrl: string;
  let issuerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

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

  const issued = (claims: Record<string, unknown>, issuer = ISSUER) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('nguyen.van.a')
      .setIssuer(issuer)
      .setExpirationTime('10m')
      .sign(issuerKey);

  it('accepts its own HS256 tokens and reads the principal from their claims', async () => {
    const verifier = new TokenVerifier(config({}));
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

  it("accepts an external issuer's RS256 tokens through its JWKS, checking the issuer", async () => {
    const verifier = new TokenVerifier(config({ authSecret: '', jwksUrl, jwtIssuer: ISSUER }));
    await expect(verifier.verify(await issued({ role: 'auditor', name: 'Thanh tra tỉnh' }))).resolves.toEqual(
      {
        sub: 'nguyen.van.a',
        role: 'auditor',
        name: 'Thanh tra tỉnh',
      },
    );
    await expect(
      verifier.verify(await issued({ role: 'auditor' }, 'https://elsewhere.example/')),
    ).rejects.toMatchObject({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses HS256 tokens when only an external issuer is trusted', async () => {
    const verifier = new TokenVerifier(config({ authSecret: '', jwksUrl, jwtIssuer: ISSUER }));
    const token = await signToken(SECRET, { sub: 'officer-7', role: 'board' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ statusCode: 401 });
  });

  it("refuses an issuer's token when no JWKS is configured", async () => {
    const verifier = new TokenVerifier(config({}));
    await expect(verifier.verify(await issued({ role: 'board' }))).rejects.toMatchObject({ statusCode: 401 });
  });

  it('stops trusting a remembered token once it expires', async () => {
    const verifier = new TokenVerifier(config({}));
    const token = await signToken(
      SECRET,
      { sub: 'officer-7', role: 'board' },
      Math.floor(Date.now() / 1000) + 1,
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-7' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(verifier.verify(token)).rejects.toMatchObject({
      statusCode: 401,
      message: 'the token has expired',
    });
  });
});
