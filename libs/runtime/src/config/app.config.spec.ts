import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
/** Production also needs the audit signing key (audit-signing-key.spec.ts). */
const AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const WEBHOOK_SECRETS_KEY = randomBytes(32).toString('base64');

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('defaults to port 3000, the embedded store and projections on', () => {
    const config = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET });
    expect(config).toMatchObject({
      port: 3000,
      dataDir,
      eventStore: 'sqlite',
      authSecret: SECRET,
      projections: 'on',
      production: false,
    });
  });

  it('outside production generates a secret once into DATA_DIR, readable by its owner only, and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'auth-secret');
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toBe(first.authSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dataDir }).authSecret).toBe(first.authSecret);
  });

  it('prefers AUTH_SECRET to the generated file', () => {
    writeFileSync(join(dataDir, 'auth-secret'), 'x'.repeat(40));
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
  });

  it('in production refuses to start without a secret or an external issuer, and never generates one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => statSync(join(dataDir, 'auth-secret'))).toThrow();
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        AUTH_SECRET: SECRET,
        AUDIT_SIGNING_KEY,
        WEBHOOK_SECRETS_KEY,
      }).production,
    ).toBe(true);
    const issuerOnly = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      AUDIT_SIGNING_KEY,
      WEBHOOK_SECRETS_KEY,
      JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://issuer.example/',
      JWT_AUDIENCE: 'emulation-blocs',
    });
    expect(issuerOnly).toMatchObject({
      authSecret: '',
      jwksUrl: 'https://issuer.example/.well-known/jwks.json',
      jwtIssuer: 'https://issuer.example/',
      jwtAudience: 'emulation-blocs',
    });
  });

  it('refuses an external issuer without the issuer and the audience its tokens must name', () => {
    const external = {
      DATA_DIR: dataDir,
      AUTH_SECRET: SECRET,
      JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://issuer.example/',
      JWT_AUDIENCE: 'emulation-blocs',
    };
    expect(loadConfig(external).jwtAudience).toBe('emulation-blocs');
    expect(() => loadConfig({ ...external, JWT_AUDIENCE: undefined })).toThrow(
      new ConfigError('JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE: tokens are checked against both'),
    );
    expect(() => loadConfig({ ...external, JWT_ISSUER: ' ' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', ...external, AUTH_SECRET: undefined, JWT_ISSUER: undefined }),
    ).toThrow(ConfigError);
  });

  it('refuses settings it cannot use', () => {
    const base = { DATA_DIR: dataDir, AUTH_SECRET: SECRET };
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, EVENT_STORE: 'mongodb' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PROJECTIONS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SQLITE_WRITER: 'fork' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, JWKS_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: 'short' })).toThrow(ConfigError);
  });

  it('reads the server stores and their connection settings', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      AUTH_SECRET: SECRET,
      PORT: '8080',
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://app@db/blocs',
      PROJECTIONS: 'off',
    });
    expect(config).toMatchObject({
      port: 8080,
      eventStore: 'postgres',
      databaseUrl: 'postgres://app@db/blocs',
      projections: 'off',
    });
  });

  it("reads where the web console's build is, when it is not dist/web", () => {
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).webDir).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET, WEB_DIR: '/srv/console' }).webDir).toBe(
      '/srv/console',
    );
  });
});
