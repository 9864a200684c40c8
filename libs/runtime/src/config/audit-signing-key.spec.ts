import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { auditSigningKeyFromPem } from '@app/event-store';
import { ConfigError, loadConfig, resolveAuditSigningKey } from './app.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('the audit signing key', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-audit-key-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('outside production is generated once into DATA_DIR, readable by its owner only, and reused', () => {
    const first = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).auditSigningKey!;
    const file = join(dataDir, 'audit-signing-key');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(auditSigningKeyFromPem(first).privateKey.asymmetricKeyType).toBe('ed25519');
    expect(resolveAuditSigningKey({}, { production: false, dataDir })).toBe(first);
  });

  it('is AUDIT_SIGNING_KEY when set, also with its newlines written as \\n', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET, AUDIT_SIGNING_KEY: pem }).auditSigningKey).toBe(pem.trim());
    expect(resolveAuditSigningKey({ AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n') }, { production: true, dataDir })).toBe(pem.trim());
    expect(() => statSync(join(dataDir, 'audit-signing-key'))).toThrow();
  });

  it('is required in production, where none is ever generated', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_SECRET: SECRET })).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => statSync(join(dataDir, 'audit-signing-key'))).toThrow();
  });

  it('refuses what is not an Ed25519 private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => resolveAuditSigningKey({ AUDIT_SIGNING_KEY: rsa }, { production: true, dataDir })).toThrow(ConfigError);
    expect(() => resolveAuditSigningKey({ AUDIT_SIGNING_KEY: 'not a key' }, { production: true, dataDir })).toThrow(ConfigError);
  });
});
