/**
 * The logs: JSON lines from Fastify's pino, one per request with its correlation id,
 * principal, command type and outcome; Nest's own lines through the same logger; no token,
 * secret or webhook secret in any line; LOG_LEVEL obeyed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type E2eApp, startE2eApp } from './support/e2e-app.js';
import { LogCapture } from './support/log-capture.js';

const SECRET = 'whsec-do-not-log-me-0123456789';

describe('the logs', () => {
  let e2e: E2eApp;
  let capture: LogCapture;
  let board: string;

  beforeAll(async () => {
    capture = new LogCapture();
    e2e = await startE2eApp({ logDestination: capture });
    board = await e2e.token('board', 'chairman');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it("writes Nest's own lines as JSON through the same logger", () => {
    const nest = capture.lines().filter((line) => typeof line.context === 'string');
    expect(nest.length).toBeGreaterThan(0);
    expect(nest[0]).toMatchObject({
      level: expect.any(Number),
      time: expect.any(Number),
      msg: expect.any(String),
    });
  });

  it('writes one line per request with its correlation id, principal, command and outcome', async () => {
    const accepted = await e2e.api('POST', '/api/blocs', {
      token: board,
      headers: { 'x-correlation-id': 'logs-spec-accepted' },
      body: { id: 'logs-1', name: 'Khối 1', members: [{ unitId: 'logs-a', name: 'A' }] },
    });
    expect(accepted.status).toBe(201);
    const unit = await e2e.token('unit', 'officer-a', 'logs-a');
    const refused = await e2e.api('POST', '/api/blocs', {
      token: unit,
      headers: { 'x-correlation-id': 'logs-spec-refused' },
      body: { id: 'logs-2', name: 'Khối 2', members: [{ unitId: 'logs-b', name: 'B' }] },
    });
    expect(refused.status).toBe(403);

    const lines = capture.requestLines();
    expect(lines.filter((line) => line.correlationId === 'logs-spec-accepted')).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/blocs',
        route: '/api/blocs',
        status: 201,
        command: 'RegisterBloc',
        principal: { sub: 'chairman', role: 'board' },
        ms: expect.any(Number),
      }),
    ]);
    expect(lines.filter((line) => line.correlationId === 'logs-spec-refused')).toEqual([
      expect.objectContaining({
        status: 403,
        code: 'FORBIDDEN',
        command: 'RegisterBloc',
        principal: { sub: 'officer-a', role: 'unit', unit: 'logs-a' },
      }),
    ]);
  });

  it('gives a request without a correlation id the one it answers with', async () => {
    const answer = await e2e.api('GET', '/api/blocs', { token: board });
    const given = answer.headers.get('x-correlation-id');
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    expect(capture.requestLines().filter((line) => line.correlationId === given)).toHaveLength(1);
  });

  it('never writes a token, a secret or a webhook secret', async () => {
    await e2e.api('POST', '/api/blocs', {
      token: board,
      body: { id: 'logs-3', name: 'Khối 3', members: [], secret: SECRET },
    });
    await e2e.api('GET', `/api/blocs?access_token=${board}`, { token: board });
    await e2e.api('GET', '/api/blocs', { token: `${board}x` });
    // Whatever else logs an object that carries them is redacted too.
    new Logger('spec').log({
      headers: { authorization: `Bearer ${board}` },
      secret: SECRET,
      webhook: { secret: SECRET },
    });

    expect(capture.text).not.toContain(board);
    expect(capture.text).not.toContain(SECRET);
    expect(capture.text).toContain('[redacted]');
    expect(capture.requestLines().some((line) => String(line.url).includes('access_token=[redacted]'))).toBe(
      true,
    );
  });

  it('obeys LOG_LEVEL: at warn, no request lines', async () => {
    const quiet = new LogCapture();
    const app = await startE2eApp({ logDestination: quiet, config: { logLevel: 'warn' } });
    try {
      expect((await app.api('GET', '/api/blocs', { token: await app.token('board') })).status).toBe(200);
    } finally {
      await app.close();
    }
    expect(quiet.requestLines()).toEqual([]);
  });
});
