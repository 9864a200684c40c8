/**
 * A webhook receiver for e2e specs: node:http on 127.0.0.1, recording every delivery with its
 * raw body; it can be stopped and started again on the same port, and answer with a status
 * the spec chooses.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private server?: Server;
  private port = 0;
  private waiters: { readonly ready: () => boolean; readonly resolve: () => void }[] = [];

  constructor(private readonly status = 204) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(this.status).end();
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.waiters = this.waiters.filter((waiter) => (waiter.ready() ? (waiter.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: deliveries are refused (ECONNREFUSED) until `start` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `ready` holds after a delivery (or at once). */
  until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ready, resolve }));
  }
}
