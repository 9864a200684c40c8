/**
 * Webhooks end to end, on SQLite and PostgreSQL: a local receiver gets every event of its
 * types recorded after its registration, in log order, signed with its secret; stopped and
 * started again, it still gets them all, in order, and the deliveries view shows the
 * attempts; a receiver that always fails ends `failed` after the maximum attempts. No
 * answer, audit entry or stored event ever holds a secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DeliveryAttempt } from '@app/runtime';
import { WebhookDispatcher } from '@app/runtime';
import { type ApiResponse, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer } from './support/openapi-answers.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const MAX_ATTEMPTS = 4;
const TYPES = ['CycleOpened', 'IndicatorTargetSet', 'PactSigned', 'PactInForce', 'IndicatorReported'];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface StoreSetup {
  readonly config: () => Promise<Record<string, unknown>>;
  readonly dispose: () => Promise<void>;
}

const database = `webhooks_e2e_${randomBytes(5).toString('hex')}`;
const setups: [string, StoreSetup][] = [
  ['sqlite', { config: async () => ({}), dispose: async () => undefined }],
  [
    'postgres',
    {
      config: async () => {
        await admin(`CREATE DATABASE ${database}`);
        const url = new URL(SERVER);
        url.pathname = `/${database}`;
        return { eventStore: 'postgres', databaseUrl: url.toString() };
      },
      dispose: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    },
  ],
];

describe.each(setups)('webhooks on %s (e2e)', (_, setup) => {
  const secret = `receiver-secret-${randomBytes(16).toString('hex')}`;
  const failingSecret = `failing-secret-${randomBytes(16).toString('hex')}`;
  const receiver = new WebhookReceiver();
  const failing = new WebhookReceiver(500);
  const answers: string[] = [];
  const recorded: RecordedAnswer[] = [];
  /** Everything the process writes while the spec runs: no line may hold a secret. */
  const logLines: string[] = [];
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  let e2e: E2eApp;
  let board: string;
  let webhookId: string;
  let failingId: string;
  let cycle: SmallCycle;
  const attempts: DeliveryAttempt[] = [];
  let attemptWaiters: { ready: () => boolean; resolve: () => void }[] = [];

  /** Resolves once the dispatcher has recorded attempts that satisfy `ready`. */
  const untilAttempts = (ready: () => boolean): Promise<void> =>
    ready() ? Promise.resolve() : new Promise((resolve) => attemptWaiters.push({ ready, resolve }));

  const api = async (method: string, path: string, body?: unknown, token = board): Promise<ApiResponse> => {
    const response = await e2e.api(method, path, { token, body });
    answers.push(JSON.stringify(response.body ?? ''));
    recorded.push({ method, path, status: response.status, body: response.body });
    return response;
  };

  /** The events of the receiver's types after its registration, as the log holds them. */
  const expectedEvents = async (after: number) =>
    (await e2e.store.readAll({ after, types: TYPES })).map((event) => JSON.parse(JSON.stringify(event)));
  const receivedIds = (): string[] => [
    ...new Set(receiver.received.map((d) => String(d.headers['x-event-id']))),
  ];

  beforeAll(async () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const write = writes[stream];
      process[stream].write = ((chunk: unknown, ...rest: unknown[]) => {
        logLines.push(String(chunk));
        return (write as (...args: unknown[]) => boolean).call(process[stream], chunk, ...rest);
      }) as typeof process.stdout.write;
    }
    await receiver.start();
    await failing.start();
    // The server's JSON log (pino) at its default level, into the same lines.
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    e2e = await startE2eApp({
      logDestination,
      config: {
        ...(await setup.config()),
        webhookMaxAttempts: MAX_ATTEMPTS,
        webhookRetryBaseMs: 20,
        webhookRetryMaxMs: 100,
        webhookTimeoutMs: 5_000,
      },
    });
    e2e.app.get(WebhookDispatcher).onAttempt((attempt) => {
      attempts.push(attempt);
      attemptWaiters = attemptWaiters.filter((waiter) => (waiter.ready() ? (waiter.resolve(), false) : true));
    });
    // Every level the server logs in production, so the dispatcher's warnings are seen too.
    Logger.overrideLogger(['log', 'warn', 'error']);
    board = await e2e.token('board', 'board-officer');
  });

  afterAll(async () => {
    Logger.overrideLogger(['error']);
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    await e2e?.close();
    await receiver.stop();
    await failing.stop();
    await setup.dispose();
  });

  it('registers webhooks and lists them without their secrets', async () => {
    const registered = await api('POST', '/api/webhooks', { url: receiver.url, types: TYPES, secret });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: expect.any(String), events: ['WebhookRegistered'] });
    webhookId = registered.body.id;
    const other = await api('POST', '/api/webhooks', {
      url: failing.url,
      types: ['BlocRegistered'],
      secret: failingSecret,
    });
    expect(other.status).toBe(201);
    failingId = other.body.id;

    const list = await api('GET', '/api/webhooks');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: webhookId, url: receiver.url, types: TYPES }),
      expect.objectContaining({ id: failingId, url: failing.url, types: ['BlocRegistered'] }),
    ]);
  });

  it('delivers every event of its types, in log order, as the audit shows it, signed with its secret', async () => {
    cycle = await seedCycle(e2e, `wh-${randomBytes(3).toString('hex')}`, { phase: 'in_force' });
    const registration = (await e2e.store.readStream(`webhook-${webhookId}`))[0]!;
    const expected = await expectedEvents(registration.position);
    expect(expected.length).toBe(1 + 3 + 3 + 1);
    await receiver.until(() => receivedIds().length >= expected.length);

    expect(receivedIds()).toEqual(expected.map((event) => event.id));
    const audit = await api('GET', `/api/audit?type=${TYPES.join(',')}&after=${registration.position}`);
    for (const delivery of receiver.received) {
      const signature = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
      expect(delivery.headers['x-signature-256']).toBe(signature);
      expect(delivery.headers['content-type']).toBe('application/json');
      const event = JSON.parse(delivery.body);
      expect(delivery.headers['x-event-type']).toBe(event.type);
      expect(event).toEqual(audit.body.items.find((item: { id: string }) => item.id === event.id));
    }
  });

  it('keeps what it could not deliver while the receiver is down, and delivers it all in order once it is back', async () => {
    const before = receivedIds().length;
    await receiver.stop();
    const failedBefore = attempts.filter((a) => a.webhookId === webhookId && a.status === 'pending').length;
    for (const [i, unitId] of cycle.units.entries()) {
      const report = await api(
        'POST',
        `${cycle.path}/reports`,
        { unitId, indicator: 'T1', period: '2024', value: 90 + i },
        cycle.unit[unitId],
      );
      expect(report.status).toBe(201);
    }
    // Two failed attempts of the first report while the receiver is down.
    await untilAttempts(
      () =>
        attempts.filter((a) => a.webhookId === webhookId && a.status === 'pending').length >=
        failedBefore + 2,
    );
    const waiting = await api('GET', `/api/webhooks/${webhookId}/deliveries?status=pending`);
    expect(waiting.status).toBe(200);
    expect(waiting.body[0]).toMatchObject({
      type: 'IndicatorReported',
      status: 'pending',
      lastError: expect.any(String),
    });
    expect(waiting.body[0].attempts).toBeGreaterThanOrEqual(2);
    // Held back behind the first: none of the later reports was tried.
    expect(waiting.body.slice(1).every((d: { attempts: number }) => d.attempts === 0)).toBe(true);

    await receiver.start();
    const registration = (await e2e.store.readStream(`webhook-${webhookId}`))[0]!;
    const expected = await expectedEvents(registration.position);
    await receiver.until(() => receivedIds().length >= expected.length);
    expect(receivedIds()).toEqual(expected.map((event) => event.id));
    expect(receivedIds().length).toBe(before + 3);

    const deliveries = await api('GET', `/api/webhooks/${webhookId}/deliveries`);
    await untilAttempts(
      () =>
        attempts.filter((a) => a.webhookId === webhookId && a.status === 'delivered').length >=
        expected.length,
    );
    const settled = (await api('GET', `/api/webhooks/${webhookId}/deliveries`)).body;
    expect(deliveries.status).toBe(200);
    expect(settled.map((d: { eventId: string }) => d.eventId)).toEqual(expected.map((event) => event.id));
    expect(settled.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
    const firstReport = settled.find((d: { type: string }) => d.type === 'IndicatorReported');
    expect(firstReport.attempts).toBeGreaterThanOrEqual(3);
    expect(firstReport).toMatchObject({ lastError: expect.any(String), deliveredAt: expect.any(String) });
  });

  it('marks a delivery failed after the maximum attempts', async () => {
    await untilAttempts(() => attempts.some((a) => a.webhookId === failingId && a.status === 'failed'));
    expect(failing.received).toHaveLength(MAX_ATTEMPTS);
    const failed = await api('GET', `/api/webhooks/${failingId}/deliveries?status=failed`);
    expect(failed.body).toEqual([
      expect.objectContaining({
        type: 'BlocRegistered',
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        lastError: 'HTTP 500',
      }),
    ]);
  });

  it('removes a webhook: it leaves the list and gets no new deliveries', async () => {
    const removed = await api('DELETE', `/api/webhooks/${failingId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.events).toEqual(['WebhookRemoved']);
    expect((await api('GET', '/api/webhooks')).body.map((w: { id: string }) => w.id)).toEqual([webhookId]);
    expect((await api('DELETE', `/api/webhooks/${failingId}`)).status).toBe(404);

    // A bloc registered after the removal: once the other receiver has its cycle's opening (recorded
    // after the bloc), the outbox has passed the bloc's registration, and queued nothing for the removed one.
    const later = await seedCycle(e2e, `wh-${randomBytes(3).toString('hex')}`);
    const opened = (await e2e.store.readAll({ types: ['CycleOpened'] })).find(
      (e) => (e.data as { blocId: string }).blocId === later.blocId,
    )!;
    await receiver.until(() => receivedIds().includes(opened.id));
    const deliveries = await api('GET', `/api/webhooks/${failingId}/deliveries`);
    expect(deliveries.body.map((d: { type: string }) => d.type)).toEqual(['BlocRegistered']);
  });

  it('refuses bad input and other roles, writing nothing', async () => {
    const head = await e2e.store.headPosition();
    const refusals: [unknown, number, string][] = [
      [{ url: 'ftp://example.org/x', secret }, 400, 'VALIDATION_FAILED'],
      [{ url: 'https://user:pw@example.org/x', secret }, 400, 'VALIDATION_FAILED'],
      [{ url: receiver.url, types: ['NoSuchEvent'], secret }, 400, 'VALIDATION_FAILED'],
      [{ url: receiver.url, secret: 'short' }, 400, 'VALIDATION_FAILED'],
      [{ url: receiver.url }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of refusals) {
      const answer = await api('POST', '/api/webhooks', body);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
    }
    const unit = await e2e.token('unit', 'officer', cycle.units[0]);
    expect((await api('POST', '/api/webhooks', { url: receiver.url, secret }, unit)).status).toBe(403);
    expect((await api('GET', '/api/webhooks', undefined, unit)).status).toBe(403);
    expect((await api('GET', '/api/webhooks/00000000-0000-4000-8000-000000000000/deliveries')).status).toBe(
      404,
    );
    expect((await api('GET', '/api/webhooks/not-a-uuid/deliveries')).status).toBe(400);
    expect((await api('GET', `/api/webhooks/${webhookId}/deliveries?status=lost`)).status).toBe(400);
    expect(await e2e.store.headPosition()).toBe(head);
  });

  it('never shows a secret: not in any answer, audit entry, stored event or log line', async () => {
    const audit = await api('GET', '/api/audit?type=WebhookRegistered');
    expect(audit.body.items).toHaveLength(2);
    expect(audit.body.items[0].data).toEqual({ webhookId, url: receiver.url, types: TYPES });
    const log = JSON.stringify(await e2e.store.readAll());
    // The failed delivery was logged, without its secret.
    expect(logLines.join('')).toContain(
      `to webhook ${failingId} failed after ${MAX_ATTEMPTS} attempts: HTTP 500`,
    );
    for (const text of [...answers, log, ...logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(failingSecret);
    }
  });

  it('answered as the OpenAPI document says: each status documented, each JSON of its schema', async () => {
    expect(recorded.length).toBeGreaterThan(5);
    expect((await OpenApiAnswers.served(e2e.url)).mismatches(recorded)).toEqual([]);
  });
});
