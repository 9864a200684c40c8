import { type lookup as dnsLookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { httpWebhookSender, publicOnlyLookup } from './webhook-sender.js';

const servers: Server[] = [];
const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

async function receiver(answer: (response: ServerResponse) => void): Promise<number> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      answer(response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A resolver that answers every name with one address, as a rebinding name would at delivery time. */
const resolvesTo = (address: string): typeof dnsLookup =>
  ((
    _host: string,
    _options: unknown,
    callback: (error: null, addresses: { address: string; family: number }[]) => void,
  ) => callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as unknown as typeof dnsLookup;

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  received.length = 0;
});

const request = (url: string) => ({
  url,
  body: '{"type":"PactSigned"}',
  headers: { 'content-type': 'application/json', 'x-event-id': 'e1' },
});

describe('httpWebhookSender', () => {
  const local = httpWebhookSender({ timeoutMs: 5_000, allowPrivate: true });

  it('POSTs the body with its headers; a 2xx answer delivers', async () => {
    const port = await receiver((response) => response.writeHead(202).end('ok'));
    expect(await local(request(`http://127.0.0.1:${port}/hook?x=1`))).toEqual({ ok: true });
    expect(received).toEqual([
      {
        url: '/hook?x=1',
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'x-event-id': 'e1',
          'content-length': '21',
        }),
        body: '{"type":"PactSigned"}',
      },
    ]);
  });

  it('reports any other answer, a redirect included (never followed), and a refused connection', async () => {
    const failing = await receiver((response) => response.writeHead(500).end());
    expect(await local(request(`http://127.0.0.1:${failing}/`))).toEqual({ ok: false, error: 'HTTP 500' });
    const redirecting = await receiver((response) =>
      response.writeHead(302, { location: 'http://169.254.169.254/' }).end(),
    );
    expect(await local(request(`http://127.0.0.1:${redirecting}/`))).toEqual({
      ok: false,
      error: 'HTTP 302',
    });
    servers.pop()!.close();
    const closed = await local(request(`http://127.0.0.1:${redirecting}/`));
    expect(closed).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('abandons a receiver that does not answer within the timeout', async () => {
    const port = await receiver(() => undefined);
    const slow = httpWebhookSender({ timeoutMs: 100, allowPrivate: true });
    expect(await slow(request(`http://127.0.0.1:${port}/`))).toEqual({
      ok: false,
      error: 'no answer within 100 ms',
    });
  });

  describe('without private targets (production)', () => {
    it('refuses a loopback or private address without connecting', async () => {
      const port = await receiver((response) => response.writeHead(204).end());
      const strict = httpWebhookSender({ timeoutMs: 5_000, allowPrivate: false });
      expect(await strict(request(`http://127.0.0.1:${port}/`))).toEqual({
        ok: false,
        error: 'refused: 127.0.0.1 is a loopback address',
      });
      expect(await strict(request(`http://[::ffff:127.0.0.1]:${port}/`))).toMatchObject({
        ok: false,
        error: expect.stringContaining('loopback'),
      });
      expect(received).toEqual([]);
    });

    it('refuses a name that resolves to a private address when it is delivered to (DNS rebinding)', async () => {
      const port = await receiver((response) => response.writeHead(204).end());
      const strict = httpWebhookSender({
        timeoutMs: 5_000,
        allowPrivate: false,
        lookup: resolvesTo('127.0.0.1'),
      });
      const answer = await strict(request(`http://hooks.example.vn:${port}/`));
      expect(answer).toEqual({
        ok: false,
        error: 'refused: hooks.example.vn resolves to a loopback address 127.0.0.1',
      });
      expect(received).toEqual([]);
    });

    it('hands the socket the very addresses it checked, when they are public', async () => {
      const lookup = publicOnlyLookup(resolvesTo('203.113.131.1'));
      const one = await new Promise((resolve) =>
        lookup('hooks.example.vn', { all: false }, (...args: unknown[]) => resolve(args)),
      );
      expect(one).toEqual([null, '203.113.131.1', 4]);
      const all = await new Promise((resolve) =>
        lookup('hooks.example.vn', { all: true }, (...args: unknown[]) => resolve(args)),
      );
      expect(all).toEqual([null, [{ address: '203.113.131.1', family: 4 }]]);
    });
  });
});
