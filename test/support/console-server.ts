/**
 * The console end to end: builds the web app with Vite, then starts the API as `npm start`
 * runs it (its own process, from source, on a fresh SQLite DATA_DIR), serving that build.
 * In-process apps cannot serve it: Jest's ESM mode cannot load @fastify/static.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Actor } from '@app/domain';
import { signToken } from '../../apps/api/src/auth/token.signer.js';
import { type Api, createApi, E2E_AUTH_SECRET, type Role } from './e2e-app.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ConsoleServer {
  readonly url: string;
  readonly api: Api;
  token(role: Role, sub?: string, unit?: string): Promise<string>;
  tokenOf(actor: Actor): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds apps/web as `npm run build` does, into a folder of the spec's own (WEB_DIR for the
 * server), so that no other spec's server sees dist/web change under it.
 */
export async function buildWeb(outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(root, 'apps/web/vite.config.ts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } },
  );
}

/** Starts the server on a fresh DATA_DIR, serving the console built into `webDir`. */
export async function startConsoleServer(webDir: string): Promise<ConsoleServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blocs-console-'));
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', join(root, 'test/support/ts-loader.mjs'), join(root, 'apps/api/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: '0',
        DATA_DIR: dataDir,
        AUTH_SECRET: E2E_AUTH_SECRET,
        RATE_LIMIT_PER_MINUTE: '0',
        WEB_DIR: webDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match !== null) resolve(match[1]!.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'));
    });
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  const tokenOf = (actor: Actor): Promise<string> => signToken(E2E_AUTH_SECRET, actor);
  return {
    url,
    api: createApi(url),
    tokenOf,
    token: (role, sub, unit) =>
      tokenOf({ sub: sub ?? unit ?? role, role, name: `${role} ${sub ?? unit ?? ''}`.trim(), unit }),
    async close() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
