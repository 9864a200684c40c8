/** A `text/event-stream` answer over Fastify's raw response: events, heartbeats, cleanup on disconnect. */
import type { FastifyReply } from 'fastify';

/** Comment lines this often keep proxies and the browser from dropping an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2_000;

export interface EventStream {
  send(event: string, data: string): void;
  end(): void;
  /** Runs once when the stream ends, whoever ends it (client gone, server closing). */
  onClose(cleanup: () => void): void;
}

export function openEventStream(reply: FastifyReply, heartbeatMs = HEARTBEAT_MS): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: ${RETRY_MS}\n\n`);
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
  raw.once('close', () => clearInterval(heartbeat));
  return {
    // Data is JSON: it never holds a newline, so one `data:` line carries it.
    send: (event, data) => void raw.write(`event: ${event}\ndata: ${data}\n\n`),
    end: () => raw.end(),
    onClose: (cleanup) => void raw.once('close', cleanup),
  };
}
