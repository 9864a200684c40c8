/**
 * Serves the web console (apps/web, built by Vite into dist/web) at `/`: its files through
 * @fastify/static, and index.html for every other GET that accepts HTML, so that deep links
 * (`/blocs/:blocId`, `/blocs/:blocId/cycles/:year`, `/audit`) load the app. Unknown `/api`
 * paths stay JSON 404s. Without a build the console's paths answer a clear message instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { preferredLanguage } from '../http/error-messages.js';
import { type ErrorBody, localised } from '../http/error.filter.js';

/** `<repository>/dist/web`: the folder holding package.json, from source or from dist alike. */
export function defaultWebRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return join(folder, 'dist', 'web');
    if (dirname(folder) === folder) return join(from, 'web');
  }
}

const NOT_BUILT: ErrorBody = {
  statusCode: 503,
  code: 'CONSOLE_NOT_BUILT',
  message: 'the web console has not been built: run `npm run build` (or `npm start`, which builds it)',
};

export async function registerWebConsole(fastify: FastifyInstance, root = defaultWebRoot()): Promise<void> {
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    // Loaded only when there is something to serve: Jest's ESM mode cannot load @fastify/static.
    const { default: fastifyStatic } = await import('@fastify/static');
    // One route per built file (wildcard off), so the fallback below sees every other path.
    await fastify.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: false });
  }
  const serveConsole = (request: FastifyRequest, reply: FastifyReply): unknown => {
    const home = request.url === '/' || request.url.startsWith('/?');
    if (isApiPath(request.url) || (!home && !acceptsHtml(request))) {
      return sendError(request, reply, {
        statusCode: 404,
        code: 'NOT_FOUND',
        message: `Cannot ${request.method} ${request.url.split('?')[0]}`,
      });
    }
    if (!built) return sendError(request, reply, NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  fastify.get('/', serveConsole);
  fastify.get('/*', serveConsole);
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').split(',').some((type) => /^\s*text\/html\b/i.test(type));
}

function sendError(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): FastifyReply {
  const language = preferredLanguage(request.headers['accept-language']);
  return reply
    .status(body.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .send(localised(body, language));
}
