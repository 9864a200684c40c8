/**
 * How the API answers the console's addresses when there is no build to serve (a fresh clone
 * before `npm run build`, or these in-process specs): a clear message, never a crash; unknown
 * `/api` paths stay JSON 404s. Serving a build is proven in a browser by console.e2e-spec.ts
 * (Jest's ESM mode cannot load @fastify/static, which serves it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../apps/api/src/app.factory.js';
import { type Api, createApi, E2E_AUTH_SECRET } from './support/e2e-app.js';

describe('the console without a build', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let api: Api;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'blocs-web-'));
    app = await createApp(
      {
        port: 0,
        dataDir,
        eventStore: 'sqlite',
        authSecret: E2E_AUTH_SECRET,
        projections: 'on',
        production: false,
      },
      { logger: ['error'], docsUi: false, webConsole: { root: join(dataDir, 'no-build') } },
    );
    await app.listen(0, '127.0.0.1');
    api = createApi((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it('answers / and deep links with a message saying how to build it, in Vietnamese when asked', async () => {
    for (const path of ['/', '/blocs/kg-khoi-4', '/blocs/kg-khoi-4/cycles/2017', '/audit']) {
      const answer = await api('GET', path, { headers: html });
      expect(answer).toMatchObject({ status: 503, body: { code: 'CONSOLE_NOT_BUILT' } });
      expect(answer.body.message).toContain('npm run build');
    }
    const vietnamese = await api('GET', '/audit', { headers: { ...html, 'accept-language': 'vi' } });
    expect(vietnamese.body.message).toMatch(/^Giao diện web chưa được xây dựng/);
  });

  it('keeps unknown /api paths, and non-HTML requests for other paths, JSON 404s', async () => {
    for (const [path, headers] of [
      ['/api/nope', html],
      ['/api', html],
      ['/api/blocs/x/unknown/deeper', {}],
      ['/blocs/kg-khoi-4', { accept: 'application/json' }],
    ] as const) {
      const answer = await api('GET', path, { headers });
      expect(answer).toMatchObject({ status: 404, body: { statusCode: 404, code: 'NOT_FOUND' } });
    }
  });

  it('leaves the API itself as it was', async () => {
    await expect(api('GET', '/api/health')).resolves.toMatchObject({ status: 200 });
    await expect(api('GET', '/api/blocs', { headers: html })).resolves.toMatchObject({ status: 401 });
  });
});
