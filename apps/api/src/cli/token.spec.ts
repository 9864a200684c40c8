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

  it('issues tokens for 8 hours unless asked otherwise, and for at most 30 days', async () => {
    const claims = async (printed: { stdout: string }) =>
      (
        await jwtVerify(
          printed.stdout,
          new TextEncoder().encode(readFileSync(join(dataDir, 'auth-secret'), 'utf8')),
        )
      ).payload;
    const byDefault = await claims(token(['--role', 'board', '--sub', 'ban-tdkt'], { DATA_DIR: dataDir }));
    expect(byDefault.exp! - byDefault.iat!).toBe(8 * 3600);
    const month = await claims(
      token(['--role', 'board', '--sub', 'ban-tdkt', '--expires', '30d'], { DATA_DIR: dataDir }),
    );
    expect(month.exp! - month.iat!).toBe(30 * 86_400);

    for (const expires of ['31d', '721h', '5w', '1y']) {
      const refused = token(['--role', 'board', '--sub', 'ban-tdkt', '--expires', expires], {
        DATA_DIR: dataDir,
      });
      expect({ expires, status: refused.status, stdout: refused.stdout }).toEqual({
        expires,
        status: 2,
        stdout: '',
      });
      expect(refused.stderr).toContain(`--expires ${expires} is refused: at most 30 days (30d)`);
    }
  });

  it('scopes a board or auditor token to a province, NFC-normalised, and refuses one for a unit', async () => {
    const printed = token(
      ['--role', 'auditor', '--sub', 'thanh-tra', '--province', 'Kiên Giang'.normalize('NFD')],
      {
        DATA_DIR: dataDir,
      },
    );
    expect(printed.status).toBe(0);
    const secret = new TextEncoder().encode(readFileSync(join(dataDir, 'auth-secret'), 'utf8'));
    const { payload } = await jwtVerify(printed.stdout, secret);
    expect(payload.province).toBe('Kiên Giang'.normalize('NFC'));

    const refused = token(['--role', 'unit', '--sub', 'x', '--unit', 'y-te', '--province', 'Kiên Giang'], {
      DATA_DIR: dataDir,
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--province is only for --role board or auditor');
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
