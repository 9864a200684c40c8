/**
 * The default deployment, on the embedded SQLite store, never loads the PostgreSQL driver: the
 * adapters import `pg`'s types only and take the driver from pgDriver() when one of them opens
 * (libs/event-store/src/postgres/pg-driver.ts). The API and the projector are started in a
 * child process (a process of their own, so that Jest's module registry is not what is read).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TS_LOADER = new URL('./support/ts-loader.mjs', import.meta.url).href;
const SCRIPT = 'test/support/drivers-loaded.ts';

interface Report {
  readonly stage: string;
  readonly pgModules: number;
}

async function run(env: NodeJS.ProcessEnv, args: string[]): Promise<Report[]> {
  const child = spawn(process.execPath, ['--import', TS_LOADER, SCRIPT, ...args], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`${SCRIPT} exited with ${code}:\n${stdout}\n${stderr}`);
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"stage"'))
    .map((line) => JSON.parse(line) as Report);
}

describe('database drivers of the default deployment', () => {
  it('runs the API and the projector on SQLite without loading pg, which loads when asked for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'blocs-drivers-'));
    try {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
      };
      const reports = await run(env, ['--then-postgres-driver']);
      expect(reports).toEqual([
        { stage: 'ran', pgModules: 0 },
        { stage: 'asked', pgModules: expect.any(Number) },
      ]);
      expect(reports[1].pgModules).toBeGreaterThan(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
