import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const loader = join(root, 'test/support/ts-loader.mjs');
const script = join(root, 'apps/api/src/cli/token.ts');

/** Runs the CLI from its TypeScript source, as `npm run -s token -- ...` runs its build. */
function token(args: string[], env: Record<string, string>) {
  const { AUTH_SECRET: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ['--import', loader, script, ...args], {
    env: { ...inherited, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('token CLI', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-token-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs with the secret it generates in DATA_DIR, the server's own", async () => {
    const printed = token(
      ['--role', 'unit', '--sub', 'officer-7', '--unit', 'lao-dong', '--name', 'Trần Thị B'],
      { DATA_DIR: dataDir },
    );
    expect(printed.status).toBe(0);
    const secret = readFileSync(join(dataDir, 'auth-secret'), 'utf8');
    const { payload } = await jwtVerify(printed.stdout, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ sub: 'officer-7', role: 'unit', unit: 'lao-dong', name: 'Trần Thị B' });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('signs with AUTH_SECRET when it is set', async () => {
    const secret = 'an-explicit-secret-of-more-than-32-chars';
    const printed = token(['--role', 'board', '--sub', 'ban-tdkt'], {
      DATA_DIR: dataDir,
      AUTH_SECRET: secret,
    });
    expect(printed.status).toBe(0);
    const { payload } = await jwtVerify(printed.stdout, new TextEncoder().encode(secret));
    expect(payload).toMatchObject({ sub: 'ban-tdkt', role: 'board' });
  });

  it('refuses a role it does not know, a unit role without its unit, and a unit for another role', () => {
    for (const args of [
      ['--role', 'admin', '--sub', 'x'],
      ['--role', 'unit', '--sub', 'x'],
      ['--role', 'auditor', '--sub', 'x', '--unit', 'y-te'],
      ['--role', 'unit', '--sub', 'x', '--unit', 'Not A Unit'],
      ['--role', 'board'],
    ]) {
      const refused = token(args, { DATA_DIR: dataDir });
      expect({ args, status: refused.status, stdout: refused.stdout }).toEqual({
        args,
        status: 2,
        stdout: '',
      });
      expect(refused.stderr).toContain('usage:');
    }
  });
});
