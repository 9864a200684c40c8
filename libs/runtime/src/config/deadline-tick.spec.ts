import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_DEADLINE_TICK_MS, loadConfig } from './app.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('loadConfig: DEADLINE_TICK_MS', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (value?: string) =>
    loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: SECRET, DEADLINE_TICK_MS: value });

  it('defaults to 5000 ms, and takes whole milliseconds from 10 to an hour', () => {
    expect(DEFAULT_DEADLINE_TICK_MS).toBe(5000);
    expect(load().deadlineTickMs).toBe(5000);
    expect(load(' ').deadlineTickMs).toBe(5000);
    expect(load('200').deadlineTickMs).toBe(200);
    expect(load('3600000').deadlineTickMs).toBe(3_600_000);
  });

  it('refuses anything else', () => {
    for (const value of ['9', '0', '3600001', '1e3', '1.5', '-100', 'soon', '0x10']) {
      expect(() => load(value)).toThrow(ConfigError);
    }
  });
});
