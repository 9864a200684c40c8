/**
 * GET /metrics on METRICS_PORT: Prometheus text that a strict reader accepts, whose counters
 * move with the commands sent (accepted and refused, by type and code), with the group commits
 * and the read models' lag, the webhook deliveries and the deadline process manager; never
 * served on the API's own port.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEADLINE_PROCESS, type DeadlineProcess, WebhookDispatcher } from '@app/runtime';
import { MetricsServer } from '../apps/api/src/metrics/metrics-server.js';
import { type E2eApp, seedCycle, startE2eApp } from './support/e2e-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { type Family, parsePrometheusText, sampleValue } from './support/prometheus-text.js';

describe('GET /metrics', () => {
  let e2e: E2eApp;
  let metricsUrl: string;
  let board: string;
  /** A webhook receiver that answers 500 to everything: its deliveries end failed. */
  const refusing = new WebhookReceiver(500);

  const scrape = async (): Promise<Map<string, Family>> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };
  const register = (id: string) =>
    e2e.api('POST', '/api/blocs', {
      token: board,
      body: {
        id,
        name: `Khối ${id}`,
        members: [
          { unitId: `${id}-a`, name: 'A' },
          { unitId: `${id}-b`, name: 'B' },
        ],
      },
    });

  beforeAll(async () => {
    await refusing.start();
    e2e = await startE2eApp({
      config: {
        metricsPort: 0,
        deadlineTickMs: 50,
        webhookMaxAttempts: 2,
        webhookRetryBaseMs: 20,
        webhookRetryMaxMs: 50,
      },
    });
    metricsUrl = `http://127.0.0.1:${e2e.app.get(MetricsServer).port()}/metrics`;
    board = await e2e.token('board', 'chairman');
  });

  afterAll(async () => {
    await e2e?.close();
    await refusing.stop();
  });

  it('is Prometheus text with the commands, group commits, read models and the process', async () => {
    const families = await scrape();
    for (const name of [
      'blocs_commands_total',
      'blocs_command_duration_seconds',
      'blocs_group_commit_appends',
      'blocs_group_commit_events',
      'blocs_group_commit_duration_seconds',
      'blocs_projection_lag_events',
      'blocs_projection_checkpoint_position',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(families.has(name)).toBe(true);
    }
    expect(families.get('blocs_commands_total')?.type).toBe('counter');
    expect(families.get('blocs_command_duration_seconds')?.type).toBe('histogram');
  });

  it('counts commands by type and outcome as they are sent, with their latency and the events committed', async () => {
    const before = await scrape();
    const accepted = { command: 'RegisterBloc', outcome: 'accepted' };
    const duplicate = { command: 'RegisterBloc', outcome: 'refused', code: 'ALREADY_EXISTS' };
    const forbidden = { command: 'RegisterBloc', outcome: 'refused', code: 'FORBIDDEN' };

    expect((await register('metrics-1')).status).toBe(201);
    expect((await register('metrics-2')).status).toBe(201);
    expect((await register('metrics-1')).status).toBe(409);
    const unit = await e2e.token('unit', 'officer', 'metrics-1-a');
    expect((await e2e.api('POST', '/api/blocs', { token: unit, body: {} })).status).toBe(403);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved('blocs_commands_total', accepted)).toBe(2);
    expect(moved('blocs_commands_total', duplicate)).toBe(1);
    expect(moved('blocs_commands_total', forbidden)).toBe(1);
    expect(moved('blocs_command_duration_seconds_count', accepted)).toBe(2);
    expect(
      moved('blocs_command_duration_seconds_count', { command: 'RegisterBloc', outcome: 'refused' }),
    ).toBeGreaterThanOrEqual(1);
    // Two BlocRegistered events written, in one or two transactions.
    expect(moved('blocs_group_commit_events_sum', {})).toBe(2);
    expect(moved('blocs_group_commit_appends_sum', {})).toBe(2);
    expect(moved('blocs_group_commit_duration_seconds_count', { committed: 'true' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(moved('blocs_group_commit_duration_seconds_count', { committed: 'true' })).toBeLessThanOrEqual(2);
  });

  it("shows each read model's checkpoint and lag, which a caught-up query leaves at 0", async () => {
    expect((await e2e.api('GET', '/api/blocs', { token: board })).status).toBe(200);
    const head = await e2e.store.headPosition();
    const lag = (await scrape()).get('blocs_projection_lag_events')!;
    const checkpoints = (await scrape()).get('blocs_projection_checkpoint_position')!;
    expect(lag.samples.map((sample) => sample.labels.projection).sort()).toEqual(
      checkpoints.samples.map((sample) => sample.labels.projection).sort(),
    );
    expect(lag.samples.length).toBeGreaterThan(0);
    for (const sample of checkpoints.samples) expect(sample.value).toBe(head);
    for (const sample of lag.samples) expect(sample.value).toBe(0);
  });

  it("is served on its own port only: not on the API's, and nothing else on its own", async () => {
    expect((await e2e.api('GET', '/metrics')).status).toBe(404);
    expect((await e2e.api('GET', '/api/metrics', { token: board })).status).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/api/blocs'))).status).toBe(404);
  });

  it("counts the webhooks' deliveries by status: one that every attempt failed is failed, none left pending", async () => {
    const registered = await e2e.api('POST', '/api/webhooks', {
      token: board,
      body: {
        url: refusing.url,
        types: ['BlocRegistered'],
        secret: 'metrics-webhook-secret-of-thirty-two-chars-or-more',
      },
    });
    expect(registered.status).toBe(201);
    const webhookId = (registered.body as { id: string }).id;
    const failed = new Promise<void>((resolve) => {
      const stop = e2e.app.get(WebhookDispatcher).onAttempt((attempt) => {
        if (attempt.webhookId === webhookId && attempt.status === 'failed') {
          stop();
          resolve();
        }
      });
    });
    expect((await register('metrics-webhook')).status).toBe(201);
    await failed;
    const families = await scrape();
    expect(families.get('blocs_webhook_deliveries')?.type).toBe('gauge');
    expect(sampleValue(families, 'blocs_webhook_deliveries', { status: 'failed' })).toBe(1);
    expect(sampleValue(families, 'blocs_webhook_deliveries', { status: 'pending' })).toBe(0);
    expect(sampleValue(families, 'blocs_webhook_deliveries', { status: 'delivered' })).toBe(0);
  });

  it('shows the deadline process manager: it holds the lock, when it last looked, the events it wrote', async () => {
    const deadlines = e2e.app.get<DeadlineProcess>(DEADLINE_PROCESS, { strict: false });
    const cycle = await seedCycle(e2e, 'metrics-deadlines', { phase: 'in_force' });
    // Told after the metrics' own observer (registered at bootstrap): the counter has moved.
    // A due this close may first be reminded of (its reminders' times have gone by).
    const written: string[] = [];
    const passed = new Promise<void>((resolve) => {
      const stop = deadlines.observe({
        wrote: (types) => {
          written.push(...types);
          if (types.includes('DeadlinePassed')) {
            stop();
            resolve();
          }
        },
      });
    });
    const set = await e2e.api('POST', `${cycle.path}/deadlines`, {
      token: cycle.board,
      body: { kind: 'self-assessment', due: new Date(Date.now() + 200).toISOString() },
    });
    expect(set.status).toBe(201);
    await passed;
    const earliest = deadlines.lastTickAt!;
    const families = await scrape();
    const latest = deadlines.lastTickAt!;
    expect(sampleValue(families, 'blocs_deadline_process_active')).toBe(1);
    expect(sampleValue(families, 'blocs_deadline_events_written_total', { type: 'DeadlinePassed' })).toBe(1);
    expect(sampleValue(families, 'blocs_deadline_events_written_total', { type: 'DeadlineReminder' })).toBe(
      written.filter((type) => type === 'DeadlineReminder').length,
    );
    const lastTick = sampleValue(families, 'blocs_deadline_process_last_tick_timestamp_seconds');
    expect(lastTick).toBeGreaterThanOrEqual(earliest / 1000);
    expect(lastTick).toBeLessThanOrEqual(latest / 1000);
  });
});
