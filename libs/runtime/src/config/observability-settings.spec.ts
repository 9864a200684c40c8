import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('loadConfig: metrics and logs', () => {
  let dataDir: string;
  const load = (env: Record<string, string | undefined>) =>
    loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET, ...env });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves no metrics and logs at info unless told otherwise', () => {
    expect(load({})).toMatchObject({ metricsPort: undefined, logLevel: 'info' });
  });

  it('reads METRICS_PORT and LOG_LEVEL', () => {
    expect(load({ METRICS_PORT: '9464', LOG_LEVEL: 'DEBUG' })).toMatchObject({
      metricsPort: 9464,
      logLevel: 'debug',
    });
  });

  it('refuses a port or a level it cannot use', () => {
    for (const env of [{ METRICS_PORT: '70000' }, { METRICS_PORT: 'nine' }, { LOG_LEVEL: 'loud' }]) {
      expect(() => load(env)).toThrow(ConfigError);
    }
  });
});
