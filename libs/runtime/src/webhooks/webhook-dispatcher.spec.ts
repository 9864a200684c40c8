import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type NewEvent, SqliteEventStore } from '@app/event-store';
import { FakeTime } from './testing/fake-time.js';
import { SqliteWebhookStore } from './sqlite-webhook-store.js';
import { WebhookSecretSealer } from './webhook-secret-sealer.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.js';
import type { WebhookRequest, WebhookResponse } from './webhook-sender.js';
import { webhookSignature } from './webhook-signature.js';
import type { DeliveryAttempt } from './webhook-store.port.js';

const SECRET = 'spec-secret-0123456789abcdef';

/** A receiver the spec scripts: answers as told, records what it got, and says when. */
class ScriptedReceiver {
  readonly received: WebhookRequest[] = [];
  answer: (request: WebhookRequest) => WebhookResponse = () => ({ ok: true });
  private waiters: { count: number; resolve: () => void }[] = [];

  readonly send = async (request: WebhookRequest): Promise<WebhookResponse> => {
    this.received.push(request);
    const response = this.answer(request);
    this.waiters = this.waiters.filter((waiter) =>
      this.received.length >= waiter.count ? (waiter.resolve(), false) : true,
    );
    return response;
  };

  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  typesFor(url: string): string[] {
    return this.received.filter((r) => r.url === url).map((r) => r.headers['x-event-type']!);
  }
}

const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { sub: 'board', role: 'board' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

describe('WebhookDispatcher', () => {
  const sealer = WebhookSecretSealer.random();
  let dir: string;
  let log: SqliteEventStore;
  let store: SqliteWebhookStore;
  let time: FakeTime;
  let receiver: ScriptedReceiver;
  let dispatcher: WebhookDispatcher;
  let attempts: DeliveryAttempt[];
  let errors: unknown[];

  const start = (maxAttempts = 10, options: Partial<WebhookDispatcherOptions> = {}): void => {
    dispatcher = new WebhookDispatcher({
      log,
      store,
      sender: receiver.send,
      maxAttempts,
      retry: { baseMs: 1_000, maxMs: 8_000 },
      clock: time,
      timers: time,
      onError: (error) => errors.push(error),
      ...options,
    });
    dispatcher.onAttempt((attempt) => attempts.push(attempt));
    dispatcher.start();
  };
  const register = async (webhookId: string, types: string[] | null): Promise<void> => {
    await store.saveSecret(webhookId, SECRET);
    await log.append(
      `webhook-${webhookId}`,
      [event('WebhookRegistered', { webhookId, url: `http://receiver/${webhookId}`, types })],
      {
        expectedRevision: 'no_stream',
      },
    );
  };
  const record = (...types: string[]): Promise<unknown> =>
    log.append(
      'cycle-b:2026',
      types.map((type, i) => event(type, { blocId: 'b', year: 2026, n: i })),
      { expectedRevision: 'any' },
    );

  /**
   * Hands the dispatcher the log unfiltered (the events of types no webhook takes are then
   * batches that plan nothing), and keeps the last position of each batch once it is handled.
   */
  const handUnfiltered = (): { position: number } => {
    const handedOver = { position: 0 };
    const subscribe = log.subscribe.bind(log);
    log.subscribe = ({ types: _everyType, ...options }, handler) =>
      subscribe(options, async (events) => {
        await handler(events);
        handedOver.position = events.at(-1)?.position ?? handedOver.position;
      });
    return handedOver;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhook-dispatcher-'));
    log = await SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    store = SqliteWebhookStore.open({ file: join(dir, 'webhooks.sqlite'), sealer });
    time = new FakeTime();
    receiver = new ScriptedReceiver();
    attempts = [];
    errors = [];
  });

  afterEach(async () => {
    await dispatcher?.stop();
    // The dispatcher restarts on its own after a failure; in these specs none may happen.
    expect(errors).toEqual([]);
    await store.close();
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers every event of its types recorded after the registration, in log order, signed', async () => {
    await record('PactSigned');
    await register('all', null);
    await register('scores', ['ScoreAwarded']);
    await record('ScoreAwarded', 'PactSigned', 'ScoreAwarded');
    start();
    // all: WebhookRegistered(scores) + 3 events; scores: 2 events.
    await receiver.until(6);

    expect(receiver.typesFor('http://receiver/all')).toEqual([
      'WebhookRegistered',
      'ScoreAwarded',
      'PactSigned',
      'ScoreAwarded',
    ]);
    expect(receiver.typesFor('http://receiver/scores')).toEqual(['ScoreAwarded', 'ScoreAwarded']);
    const recorded = await log.readAll();
    for (const request of receiver.received) {
      expect(request.headers['x-signature-256']).toBe(webhookSignature(request.body, SECRET));
      const body = JSON.parse(request.body);
      const original = recorded.find((e) => e.id === request.headers['x-event-id'])!;
      expect(body).toEqual(JSON.parse(JSON.stringify(original)));
      expect(Object.keys(body)).toEqual([
        'id',
        'position',
        'streamId',
        'revision',
        'type',
        'data',
        'metadata',
        'recordedAt',
      ]);
      expect(request.body).not.toContain(SECRET);
    }
    const positions = receiver.received
      .filter((r) => r.url.endsWith('/all'))
      .map((r) => JSON.parse(r.body).position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('retries a failed delivery after growing delays and holds the next one back meanwhile', async () => {
    await register('w', null);
    let failuresLeft = 3;
    receiver.answer = () => (failuresLeft-- > 0 ? { ok: false, error: 'HTTP 503' } : { ok: true });
    await record('PactSigned', 'ScoreAwarded');
    start();

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await receiver.until(attempt);
      delays.push(await time.nextDelay());
      // Only the first event was tried: the second waits for it.
      expect(new Set(receiver.received.map((r) => r.headers['x-event-type']))).toEqual(
        new Set(['PactSigned']),
      );
      time.advance(delays.at(-1)!);
    }
    await receiver.until(5);
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(
      receiver.received.map((r) => [r.headers['x-event-type'], r.headers['x-delivery-attempt']]),
    ).toEqual([
      ['PactSigned', '1'],
      ['PactSigned', '2'],
      ['PactSigned', '3'],
      ['PactSigned', '4'],
      ['ScoreAwarded', '1'],
    ]);
    await until(() => attempts.length === 5);
    const deliveries = await store.deliveries('w', { limit: 10 });
    expect(deliveries.map((d) => [d.type, d.status, d.attempts, d.lastError])).toEqual([
      ['PactSigned', 'delivered', 4, 'HTTP 503'],
      ['ScoreAwarded', 'delivered', 1, undefined],
    ]);
  });

  it('marks a delivery failed after the maximum attempts and moves on to the next', async () => {
    await register('w', null);
    receiver.answer = (request) =>
      request.headers['x-event-type'] === 'PactSigned' ? { ok: false, error: 'HTTP 500' } : { ok: true };
    await record('PactSigned', 'ScoreAwarded');
    start(3);
    for (let attempt = 1; attempt < 3; attempt++) {
      await receiver.until(attempt);
      time.advance(await time.nextDelay());
    }
    await receiver.until(4);
    await until(() => attempts.length === 4);
    const deliveries = await store.deliveries('w', { limit: 10 });
    expect(deliveries.map((d) => [d.type, d.status, d.attempts])).toEqual([
      ['PactSigned', 'failed', 3],
      ['ScoreAwarded', 'delivered', 1],
    ]);
    expect(await store.deliveries('w', { status: 'failed', limit: 10 })).toHaveLength(1);
  });

  it('does not repeat an attempt that settled while it was asking the store for due deliveries', async () => {
    await register('w', null);
    await record('ScoreAwarded');
    // A look at the outbox that starts while the first attempt is under way answers only once
    // that attempt has settled: what it read is the delivery before the attempt was recorded.
    let sending = false;
    let looked!: () => void;
    const lookedWhileSending = new Promise<void>((resolve) => (looked = resolve));
    let settle!: () => void;
    const firstSettled = new Promise<void>((resolve) => (settle = resolve));
    const read = store.nextDeliveries.bind(store);
    store.nextDeliveries = async () => {
      const due = await read();
      if (sending) {
        looked();
        await firstSettled;
      }
      return due;
    };
    start(10, {
      sender: async (request) => {
        if (receiver.received.length === 0) {
          sending = true;
          // A new event makes the dispatcher look for due deliveries while this one is sent.
          void record('PactSigned');
          await lookedWhileSending;
          sending = false;
        }
        return receiver.send(request);
      },
    });
    // After the attempt's own bookkeeping (the listener runs before it is settled).
    dispatcher.onAttempt(() => setImmediate(settle));
    await receiver.until(2);
    await until(() => attempts.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.typesFor('http://receiver/w')).toEqual(['ScoreAwarded', 'PactSigned']);
    expect(receiver.received.map((request) => request.headers['x-delivery-attempt'])).toEqual(['1', '1']);
  });

  it('sends nothing more to a webhook once removed, and resumes from the checkpoint after a restart', async () => {
    await register('w', ['ScoreAwarded']);
    start();
    await record('ScoreAwarded');
    await receiver.until(1);
    await dispatcher.stop();

    await record('ScoreAwarded');
    await log.append('webhook-w', [event('WebhookRemoved', { webhookId: 'w' })], { expectedRevision: 0 });
    await record('ScoreAwarded');
    await register('after', ['ScoreAwarded']);
    await record('ScoreAwarded');
    start();
    await receiver.until(2);
    await until(async () => (await store.outboxCheckpoint()) === (await log.headPosition()));
    // Recorded before the removal but not yet sent when it came: removal stops it too.
    expect(receiver.typesFor('http://receiver/w')).toEqual(['ScoreAwarded']);
    expect((await store.deliveries('w', { limit: 10 })).map((d) => d.status)).toEqual([
      'delivered',
      'pending',
    ]);
    expect(receiver.typesFor('http://receiver/after')).toEqual(['ScoreAwarded']);
  });

  it('stores the checkpoint of batches that plan nothing only after a lag of events, with the next batch that plans something, or at stop', async () => {
    const commits: { from: number; to: number; deliveries: number }[] = [];
    const commit = store.commitOutbox.bind(store);
    store.commitOutbox = async (batch) => {
      commits.push({ ...batch.checkpoint, deliveries: batch.deliveries.length });
      return commit(batch);
    };
    // Each event is handed to the dispatcher in a batch of its own.
    const handedOver = handUnfiltered();
    const recordOne = async (type: string): Promise<void> => {
      const position = handedOver.position + 1;
      await record(type);
      await until(() => handedOver.position === position);
    };
    await register('w', ['ScoreAwarded']);
    start(10, { idleCheckpointLag: 3 });
    await until(() => handedOver.position === 1);
    // Two batches that plan nothing, then one with a delivery: one commit covers the three.
    await recordOne('PactSigned');
    await recordOne('PactSigned');
    await recordOne('ScoreAwarded');
    await receiver.until(1);
    expect(commits).toEqual([
      { from: 0, to: 1, deliveries: 0 },
      { from: 1, to: 4, deliveries: 1 },
    ]);
    // Three events that plan nothing reach the lag: stored once, in one commit.
    for (let i = 0; i < 4; i++) await recordOne('PactSigned');
    expect(commits.slice(2)).toEqual([{ from: 4, to: 7, deliveries: 0 }]);
    // The last one is below the lag; stopping stores it.
    await dispatcher.stop();
    expect(commits.slice(3)).toEqual([{ from: 7, to: 8, deliveries: 0 }]);
    expect(await store.outboxCheckpoint()).toBe(8);
  });

  it('reads again, after a restart, the batches whose checkpoint it had not stored, and plans each delivery once', async () => {
    const handedOver = handUnfiltered();
    await register('w', ['ScoreAwarded']);
    start();
    await record('PactSigned');
    await record('ScoreAwarded');
    await receiver.until(1);
    // The session's last batch plans nothing, and it ends without storing its checkpoint (a
    // crash: the save at stop fails here).
    await record('PactSigned');
    await until(() => handedOver.position === 4);
    const commit = store.commitOutbox.bind(store);
    store.commitOutbox = async (batch) => {
      if (batch.deliveries.length === 0) throw new Error('crashed before the checkpoint was stored');
      return commit(batch);
    };
    await dispatcher.stop();
    store.commitOutbox = commit;
    expect(errors).toHaveLength(1);
    errors.length = 0;
    expect(await store.outboxCheckpoint()).toBe(3);
    start();
    await record('ScoreAwarded');
    await receiver.until(2);
    await until(async () => (await store.outboxCheckpoint()) === 5);
    expect(receiver.typesFor('http://receiver/w')).toEqual(['ScoreAwarded', 'ScoreAwarded']);
    expect((await store.deliveries('w', { limit: 10 })).map((d) => [d.type, d.status])).toEqual([
      ['ScoreAwarded', 'delivered'],
      ['ScoreAwarded', 'delivered'],
    ]);
  });

  it('reads only the events its webhooks take, and widens what it reads from the registration on', async () => {
    const handed: string[] = [];
    const subscribe = log.subscribe.bind(log);
    log.subscribe = (options, handler) =>
      subscribe(options, async (events) => {
        handed.push(...events.map((event) => event.type));
        await handler(events);
      });
    await register('scores', ['ScoreAwarded']);
    await record('PactSigned', 'ScoreAwarded');
    // In the same batch as the events after it: read with the narrow filter, the event of the
    // new webhook's type would be missed.
    await register('pacts', ['PactSigned']);
    await record('PactSigned', 'IndicatorReported');
    start();
    await receiver.until(2);
    await record('IndicatorReported', 'ScoreAwarded');
    await receiver.until(3);

    expect(receiver.typesFor('http://receiver/scores')).toEqual(['ScoreAwarded', 'ScoreAwarded']);
    expect(receiver.typesFor('http://receiver/pacts')).toEqual(['PactSigned']);
    // Read with the lifecycle only, then with ScoreAwarded from the first registration on, then
    // with PactSigned from the second: no IndicatorReported, and no PactSigned before 'pacts'.
    expect(handed).toEqual([
      'WebhookRegistered',
      'WebhookRegistered',
      'ScoreAwarded',
      'WebhookRegistered',
      'PactSigned',
      'ScoreAwarded',
    ]);
  });

  it('stops when told to while it reads the outbox after taking the lock (app.close() must not hang)', async () => {
    let reached: () => void = () => undefined;
    const reading = new Promise<void>((resolve) => (reached = resolve));
    let proceed: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (proceed = resolve));
    const checkpoint = store.outboxCheckpoint.bind(store);
    store.outboxCheckpoint = async () => {
      reached();
      await held;
      return checkpoint();
    };
    start();
    await reading;
    const stopped = dispatcher.stop();
    proceed();
    await stopped;
    expect(dispatcher.isDispatching).toBe(false);
  });

  it('delivers from one dispatcher at a time; the standby takes over when the active one stops', async () => {
    const standbyStore = SqliteWebhookStore.open({
      file: join(dir, 'webhooks.sqlite'),
      sealer,
      lockRetryMs: 5,
    });
    const standby = new WebhookDispatcher({
      log,
      store: standbyStore,
      sender: receiver.send,
      maxAttempts: 10,
      retry: { baseMs: 1_000, maxMs: 8_000 },
      clock: time,
      timers: time,
      onError: (error) => errors.push(error),
    });
    try {
      await register('w', ['ScoreAwarded']);
      start();
      await record('ScoreAwarded');
      await receiver.until(1);
      standby.start();
      await record('ScoreAwarded');
      await receiver.until(2);
      expect([dispatcher.isDispatching, standby.isDispatching]).toEqual([true, false]);

      await dispatcher.stop();
      await record('ScoreAwarded');
      await receiver.until(3);
      expect(standby.isDispatching).toBe(true);
      // Each event once: the standby resumed from the outbox, not from the start.
      expect(new Set(receiver.received.map((r) => r.headers['x-event-id'])).size).toBe(3);
      expect(receiver.received).toHaveLength(3);
    } finally {
      await standby.stop();
      await standbyStore.close();
    }
  });
});

/** Waits for a condition the dispatcher reaches by itself (a store write after a send). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}
