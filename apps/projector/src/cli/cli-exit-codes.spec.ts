/**
 * The data CLIs as an operator runs them (child processes on the TypeScript sources): one line
 * on the standard error and exit 2 for wrong arguments, exit 1 for a failure.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const TS_LOADER = new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href;
const cli = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

function run(name: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TS_LOADER, cli(name), ...args], { env: { ...process.env, ...env } }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stderr });
    });
  });
}

describe('the data CLIs exit codes', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-exit-'));
    env = { DATA_DIR: join(dir, 'data'), AUTH_SECRET: 'a-secret-of-at-least-thirty-two-characters', EVENT_STORE: 'sqlite' };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['backup', [], 2, /^backup: --out is required/],
    ['backup', ['--out', 'x', '--verbose'], 2, /^backup: Unknown option '--verbose'/],
    ['backup', ['--out', 'x'], 1, /^backup: .* holds no events\.sqlite/],
    ['restore', ['--from', 'nowhere'], 1, /^restore: nowhere holds no readable manifest\.json/],
    ['store:copy', ['--from', 'sqlite', '--to', 'mysql'], 2, /^store:copy: --from and --to must be sqlite or postgres/],
    ['store:copy', ['--from', 'sqlite', '--to', 'sqlite', '--to-data-dir', 'elsewhere'], 1, /^store:copy: .* holds no events\.sqlite to copy/],
    ['export', ['--blocs', 'k4'], 2, /^export: Unknown option '--blocs'/],
  ])('%s %j exits %i with one line', async (name, args, code, message) => {
    const outcome = await run(name.replace(':', '-'), args, env);
    expect(outcome.code).toBe(code);
    expect(outcome.stderr.trim().split('\n').filter((line) => !line.includes('ExperimentalWarning') && !line.includes('--trace-warnings'))).toEqual([
      expect.stringMatching(message),
    ]);
  });
});
