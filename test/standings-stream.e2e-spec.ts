/**
 * GET …/standings/stream end to end: server-sent `standings` events fed by the projection
 * engine, the token in the header or as `?access_token=`, the readers' rules, and the loop's
 * cleanup when the last watcher leaves.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  StandingsBroadcast,
  channelKey,
} from '../apps/api/src/queries/stream-standings/standings-broadcast.js';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { E2E_AUTH_SECRET, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';

/** Reads server-sent events from a streamed answer, one `{event, data}` at a time. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return async (): Promise<{ event: string; data: string }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const field = (name: string) =>
          lines
            .filter((line) => line.startsWith(`${name}: `))
            .map((line) => line.slice(name.length + 2))
            .join('\n');
        if (field('data') !== '') return { event: field('event'), data: field('data') };
        continue; // retry and heartbeat comments carry no data
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
  };
}

describe('standings stream', () => {
  let e2e: E2eApp;
  let cycle: SmallCycle;
  let streamUrl: string;

  beforeAll(async () => {
    e2e = await startE2eApp();
    cycle = await seedCycle(e2e, 'stream', { phase: 'review' });
    streamUrl = `${e2e.url}${cycle.path}/standings/stream`;
  });
  afterAll(() => e2e.close());

  it('sends the standings, then each change as the projection reaches it, and stops following once the watcher leaves', async () => {
    const abort = new AbortController();
    const response = await fetch(`${streamUrl}?access_token=${cycle.unit[cycle.units[2]!]}`, {
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const next = eventReader(response.body!);

    const first = await next();
    expect(first.event).toBe('standings');
    expect(JSON.parse(first.data)).toMatchObject({
      blocId: 'stream',
      year: 2024,
      phase: 'review',
      provisional: true,
    });
    expect(JSON.parse(first.data).units.every((row: { total: number }) => row.total === 0)).toBe(true);

    const [scored] = cycle.units.slice(2);
    const awarded = await e2e.api('POST', `${cycle.path}/scores`, {
      token: cycle.board,
      body: { unitId: scored, criterion: '1.1', points: 42.5 },
    });
    expect(awarded.status).toBe(201);
    const second = JSON.parse((await next()).data);
    expect(second.units[0]).toMatchObject({ rank: 1, unitId: scored, total: 42.5 });

    const broadcast = e2e.app.get(StandingsBroadcast);
    expect(broadcast.watchers('stream', 2024)).toBe(1);
    const closed = once(broadcast, 'closed');
    abort.abort();
    await expect(closed).resolves.toEqual([channelKey('stream', 2024)]);
    expect(broadcast.watchers('stream', 2024)).toBe(0);
  });

  it('takes the token from the Authorization header too', async () => {
    const abort = new AbortController();
    const response = await fetch(streamUrl, {
      headers: { authorization: `Bearer ${cycle.board}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect((await eventReader(response.body!)()).event).toBe('standings');
    abort.abort();
  });

  it('refuses as JSON before streaming: no token, a unit of another bloc, an unknown year', async () => {
    const anonymous = await e2e.api('GET', `${cycle.path}/standings/stream`);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const outsider = await e2e.token('unit', 'outsider', 'elsewhere');
    const refused = await e2e.api('GET', `${cycle.path}/standings/stream?access_token=${outsider}`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const unknown = await e2e.api('GET', `/api/blocs/stream/cycles/2031/standings/stream`, {
      token: cycle.board,
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('refuses a board officer scoped to another province, whose token comes in the query', async () => {
    const scoped = await signToken(E2E_AUTH_SECRET, { sub: 'scoped', role: 'board', province: 'Cà Mau' });
    const refused = await e2e.api('GET', `${cycle.path}/standings/stream?access_token=${scoped}`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('ends open streams when the server closes, instead of keeping it from closing', async () => {
    const other = await startE2eApp();
    const seeded = await seedCycle(other, 'closing');
    const response = await fetch(`${other.url}${seeded.path}/standings/stream?access_token=${seeded.board}`);
    const next = eventReader(response.body!);
    await next();
    await other.close();
    await expect(next()).rejects.toThrow('the stream ended');
  });

  it('accepts the query token only on the stream', async () => {
    const standings = await e2e.api('GET', `${cycle.path}/standings?access_token=${cycle.board}`);
    expect(standings.status).toBe(401);
  });
});
