/**
 * The server's entry point end to end: `apps/api/src/main.ts` started in its own process with
 * an empty DATA_DIR, served over HTTP, and stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The server as `npm start` runs it (from source here), in its own process. */
describe('main', () => {
  let dataDir: string;
  let server: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'blocs-main-'));
    const { AUTH_SECRET: _unset, ...env } = process.env;
    server = spawn(
      process.execPath,
      ['--import', join(root, 'test/support/ts-loader.mjs'), join(root, 'apps/api/src/main.ts')],
      {
        env: { ...env, NODE_OPTIONS: '', PORT: '0', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match !== null) resolve(match[1]!.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'));
      });
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
  });

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API and its OpenAPI UI, with a secret generated in DATA_DIR', async () => {
    const refused = await fetch(`${url}/api/blocs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const ui = await fetch(`${url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('closes cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
